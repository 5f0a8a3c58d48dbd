"""The table of import files: each encoding, separator, date form, coded-value spelling,
layout and hostile file, with what the import must do with it."""

import datetime
import io
import zipfile

import pytest

from beneficiaries.imports.pipeline import Importer, MissingColumns
from beneficiaries.imports.reading import FileRefused
from beneficiaries.models import Beneficiary, Enrolment, PathwayStep

from .files import HEADERS, csv_bytes, person, rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def as_date_cells(header, text):
    """Date columns as real date cells, the rest as text."""
    if header.startswith("Date") or header.endswith(" le"):
        return datetime.datetime.strptime(text, "%d/%m/%Y") if text else None
    return text


def as_serial_numbers(header, text):
    """Date columns as Excel serial numbers (a date cell whose format was lost)."""
    if (header.startswith("Date") or header.endswith(" le")) and text:
        day = datetime.datetime.strptime(text, "%d/%m/%Y").date()
        return (day - datetime.date(1899, 12, 30)).days
    return text


def iso(text):
    return datetime.datetime.strptime(text, "%d/%m/%Y").date().isoformat() if text else ""


def reordered(data):
    headers = list(reversed(HEADERS)) + ["Numéro de dossier DS", "Commentaire"]
    return [{**row, "Numéro de dossier DS": "12345", "Commentaire": "vu"} for row in data], headers


ACCENTED = [person(0, Nom="Lefèvre", Prénom="Aïcha", Sexe="Femme"), person(1, Nom="Ngô")]

#: (case, file name, bytes) → people created.
READABLE = [
    ("csv utf-8 ;", "f.csv", lambda: csv_bytes(rows(3))),
    ("csv utf-8 with BOM ,", "f.csv", lambda: csv_bytes(rows(3), ",", "utf-8-sig")),
    ("csv windows-1252 ;", "f.csv", lambda: csv_bytes(ACCENTED, ";", "cp1252")),
    ("csv windows-1252 ,", "f.csv", lambda: csv_bytes(ACCENTED, ",", "cp1252")),
    ("csv tab", "f.txt", lambda: csv_bytes(rows(2), "\t")),
    (
        "csv quoted line breaks",
        "f.csv",
        lambda: csv_bytes(rows(2, **{"Métier antérieur": 'Maçon;\n"coffreur"\nboiseur'})),
    ),
    ("xlsx text", "f.xlsx", lambda: xlsx_bytes(rows(3))),
    ("xlsx date cells", "f.xlsx", lambda: xlsx_bytes(rows(3), cells=as_date_cells)),
    ("xlsx serial numbers", "f.xlsx", lambda: xlsx_bytes(rows(3), cells=as_serial_numbers)),
    (
        "iso dates",
        "f.csv",
        lambda: csv_bytes(
            [
                {**row, **{h: iso(row[h]) for h in row if h.startswith("Date") or " le" in h}}
                for row in rows(3)
            ]
        ),
    ),
    (
        "extra and reordered columns",
        "f.csv",
        lambda: csv_bytes(*reordered(rows(3))[:1], headers=reordered(rows(3))[1]),
    ),
    ("empty trailing rows csv", "f.csv", lambda: csv_bytes(rows(2), trailing_empty=5)),
    ("empty trailing rows xlsx", "f.xlsx", lambda: xlsx_bytes(rows(2), trailing_empty=5)),
]


@pytest.mark.parametrize("case,name,make", READABLE, ids=[case[0] for case in READABLE])
def test_readable_files_are_imported(case, name, make, action, operator_user):
    data = make()
    plan = Importer(action, operator_user).check(name, io.BytesIO(data))
    assert plan.errors == []
    expected = plan.total
    assert plan.to_create == expected > 0
    Importer(action, operator_user).write(plan)
    assert Beneficiary.objects.count() == expected
    assert Enrolment.objects.filter(action=action).count() == expected


def test_accents_and_line_breaks_are_kept(action, operator_user):
    data = csv_bytes(
        ACCENTED + rows(1, 5, **{"Métier antérieur": "Maçon\ncoffreur"}), ";", "cp1252"
    )
    importer = Importer(action, operator_user)
    importer.write(importer.check("f.csv", io.BytesIO(data)))
    assert Beneficiary.objects.get(first_name="Aïcha").last_name == "Lefèvre"
    assert Beneficiary.objects.get(last_name="Rahimi-5").prior_occupation == "Maçon\ncoffreur"


#: (column, as typed) → value stored.
SPELLINGS = [
    ("Statut de protection", "Réfugié", "protection_status", "refugee"),
    ("Statut de protection", "refugie", "protection_status", "refugee"),
    ("Statut de protection", "REFUGEE", "protection_status", "refugee"),
    ("Statut de protection", "statut de réfugié", "protection_status", "refugee"),
    ("Statut de protection", "Protection subsidiaire", "protection_status", "subsidiary"),
    ("Statut de protection", "stateless", "protection_status", "stateless"),
    ("Sexe", "F", "sex", "F"),
    ("Sexe", "femme", "sex", "F"),
    ("Sexe", "MALE", "sex", "M"),
    ("Hébergement à l'entrée", "Dispositif national d'accueil (DNA)", "housing_at_entry", "dna"),
    ("Hébergement à l'entrée", "hebergement d'urgence", "housing_at_entry", "emergency"),
    ("Orienté par", "france travail", "referral_source", None),
    ("Département de résidence", "069", "department__code", "69"),
    ("Département de résidence", "Rhône", "department__code", "69"),
    ("Département de résidence", "RHONE", "department__code", "69"),
    ("Département de résidence", "2A", "department__code", "2A"),
    ("Département de résidence", "2a", "department__code", "2A"),
    ("Département de résidence", "1", "department__code", "01"),
    ("Département de résidence", "971", "department__code", "971"),
    ("Nationalité", "afghanistan", "nationality", "AF"),
    ("Nationalité", "Érythrée", "nationality", "ER"),
    ("Nationalité", "SDN", "nationality", "SD"),
    ("Nationalité", "", "nationality", ""),
]


@pytest.mark.parametrize("header,typed,field,stored", SPELLINGS)
def test_coded_values_in_any_spelling(header, typed, field, stored, action, operator_user):
    importer = Importer(action, operator_user)
    plan = importer.check("f.csv", io.BytesIO(csv_bytes([person(0, **{header: typed})])))
    assert plan.errors == []
    importer.write(plan)
    if field == "referral_source":
        assert Enrolment.objects.get().referral_source == "france_travail"
    else:
        assert Beneficiary.objects.values_list(field, flat=True).get() == stored


#: (column, as typed) → the error on its row, in plain words.
BAD_CELLS = [
    ("Date d'entrée", "31/02/2025", "entry date", "« 31/02/2025 » is not a date"),
    ("Date de naissance", "demain", "birth date", "« demain » is not a date"),
    ("Date de naissance", "", "birth date", "this column must be filled in"),
    ("Statut de protection", "touriste", "protection status", "« touriste » is not one of"),
    ("Département de résidence", "Bavière", "département of residence", "« Bavière » is not a"),
    ("Nationalité", "Atlantide", "nationality", "« Atlantide » is not a country"),
    ("Courriel", "pas-un-courriel", "e-mail address", "« pas-un-courriel » is not an e-mail"),
    ("Téléphone", "12", "phone", "« 12 » is not a phone number"),
    ("Date d'entrée", "01/01/2026", "entry date", "before the referral date"),
    ("Nom", "Rahimi 1 85 05 78 006 084 36", "last name", "social-security"),
    # Only an accepted referral makes an enrolment "through Tremplin" (CHOSEN_REFERRAL_SOURCES).
    ("Orienté par", "organisation", "referred by", "« organisation » is not one of"),
    (
        "Orienté par",
        "Another organisation, through Tremplin",
        "referred by",
        "« Another organisation, through Tremplin » is not one of",
    ),
]


@pytest.mark.parametrize("header,typed,column,message", BAD_CELLS)
def test_bad_cells_are_reported_on_their_line_and_column(
    header, typed, column, message, action, operator_user
):
    data = csv_bytes(rows(12) + [person(99, **{header: typed})])
    plan = Importer(action, operator_user).check("f.csv", io.BytesIO(data))
    assert plan.in_error == 1
    assert plan.to_create == 12
    [error] = plan.errors
    assert (error["line"], error["column"]) == (14, column)
    assert message in error["message"]


def test_the_same_person_twice_in_a_file_is_an_error(action, operator_user):
    data = csv_bytes([person(1), person(2), person(1, Nom="RAHIMI-1", Prénom="ahmad")])
    plan = Importer(action, operator_user).check("f.csv", io.BytesIO(data))
    assert plan.errors[0]["line"] == 4
    assert "line 2" in plan.errors[0]["message"]


def test_a_missing_required_column_is_named(action, operator_user):
    headers = [h for h in HEADERS if h != "Date de naissance"]
    with pytest.raises(MissingColumns) as raised:
        Importer(action, operator_user).check(
            "f.csv", io.BytesIO(csv_bytes(rows(2), headers=headers))
        )
    assert [column.name for column in raised.value.columns] == ["birth_date"]


def test_a_bad_row_at_line_9000_of_10000_writes_nothing(action, operator_user):
    data = rows(10_000)
    data[8998]["Date d'entrée"] = "31/02/2025"
    importer = Importer(action, operator_user)
    plan = importer.check("f.csv", io.BytesIO(csv_bytes(data)))
    assert plan.in_error == 1
    assert plan.errors == [
        {"line": 9000, "column": "entry date", "message": "« 31/02/2025 » is not a date"}
    ]
    with pytest.raises(ValueError):
        importer.write(plan)
    assert not Beneficiary.objects.exists()
    assert not Enrolment.objects.exists()


def test_the_valid_rows_alone_when_asked(action, operator_user):
    data = rows(5)
    data[2]["Sexe"] = "?"
    importer = Importer(action, operator_user)
    counts = importer.write(importer.check("f.csv", io.BytesIO(csv_bytes(data))), True)
    assert counts == {"created": 4, "updated": 0, "enrolments_created": 4, "steps_created": 0}


@pytest.mark.parametrize("name,make", [("f.csv", csv_bytes), ("f.xlsx", xlsx_bytes)])
def test_the_same_file_twice_creates_nothing_new(name, make, action, operator_user):
    data = make(rows(20, **{"Date de sortie": "30/06/2026", "Motif de sortie": "Emploi trouvé"}))
    first = Importer(action, operator_user)
    first.write(first.check(name, io.BytesIO(data)))
    people, enrolments = Beneficiary.objects.count(), Enrolment.objects.count()
    history = Beneficiary.history.count()
    second = Importer(action, operator_user)
    plan = second.check(name, io.BytesIO(data))
    assert (plan.to_create, plan.to_update, plan.unchanged) == (0, 0, 20)
    assert second.write(plan) == {
        "created": 0,
        "updated": 0,
        "enrolments_created": 0,
        "steps_created": 0,
    }
    assert (Beneficiary.objects.count(), Enrolment.objects.count()) == (people, enrolments)
    assert Beneficiary.history.count() == history
    assert Enrolment.objects.filter(status="exited").count() == 20


def test_a_changed_row_updates_the_person_and_the_enrolment(action, operator_user):
    first = Importer(action, operator_user)
    first.write(first.check("f.csv", io.BytesIO(csv_bytes(rows(3)))))
    changed = rows(3)
    changed[1].update(
        {
            "Nom": "RAHIMI-1",
            "Niveau de français à l'entrée": "B1",
            "Date de sortie": "30/06/2026",
            "Motif de sortie": "Emploi trouvé",
        }
    )
    second = Importer(action, operator_user)
    plan = second.check("f.csv", io.BytesIO(csv_bytes(changed)))
    assert (plan.to_create, plan.to_update, plan.unchanged) == (0, 1, 2)
    assert second.write(plan)["updated"] == 1
    person = Beneficiary.objects.get(last_name__iexact="rahimi-1")
    assert person.french_level_at_entry == "B1"
    enrolment = person.enrolments.get()
    assert (enrolment.status, enrolment.exit_reason) == ("exited", "job")
    assert enrolment.follow_ups.count() == 2
    assert person.history.first().history_user == operator_user


# --- Hostile files ------------------------------------------------------------------------------


def zip_bomb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    return out.getvalue()


def plain_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()


HOSTILE = [
    ("csv named xlsx", "f.xlsx", lambda: csv_bytes(rows(2)), "not an Excel workbook"),
    ("xlsx named csv", "f.csv", lambda: xlsx_bytes(rows(2)), "not a CSV text file"),
    ("zip that is no workbook", "f.xlsx", plain_zip, "not an Excel workbook"),
    ("zip bomb", "f.xlsx", zip_bomb, "abnormal size"),
    ("damaged zip", "f.xlsx", lambda: b"PK\x03\x04" + b"\x00" * 200, "damaged"),
    ("executable named csv", "f.csv", lambda: b"MZ\x90\x00\x03\x00\x00\x00", "not a CSV"),
    ("pdf", "f.pdf", lambda: b"%PDF-1.4", "CSV (.csv) or Excel (.xlsx)"),
    ("too large", "f.csv", lambda: b"a;b\n" * (5 * 1024 * 1024 + 1), "larger than 20 MB"),
    ("empty", "f.csv", lambda: b"\n\n", "empty"),
]


@pytest.mark.parametrize("case,name,make,message", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_are_refused(case, name, make, message, action, operator_user):
    with pytest.raises(FileRefused) as refused:
        Importer(action, operator_user).check(name, io.BytesIO(make()))
    assert message in str(refused.value)


def test_too_many_rows_are_refused(action, operator_user, monkeypatch):
    monkeypatch.setattr("beneficiaries.imports.reading.MAX_ROWS", 10)
    with pytest.raises(FileRefused, match="more than 10 rows"):
        Importer(action, operator_user).check("f.csv", io.BytesIO(csv_bytes(rows(11))))


FORMULAS = ['=HYPERLINK("http://evil.test","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)"]


@pytest.mark.parametrize("formula", FORMULAS)
@pytest.mark.parametrize("make,name", [(csv_bytes, "f.csv"), (xlsx_bytes, "f.xlsx")])
def test_formulas_are_read_as_text_and_refused(formula, make, name, action, operator_user):
    data = make(
        [person(1), person(2, **{"Nom": formula}), person(3, **{"Métier antérieur": formula})]
    )
    plan = Importer(action, operator_user).check(name, io.BytesIO(data))
    assert [(e["line"], e["column"]) for e in plan.errors] == [
        (3, "last name"),
        (4, "prior occupation"),
    ]
    assert f"« {formula[:60]} » looks like a spreadsheet formula" in plan.errors[0]["message"]


def test_a_workbook_formula_is_never_evaluated(action, operator_user):
    """openpyxl writes "=1+1" as a formula cell: its text is read, not its result."""
    data = xlsx_bytes([person(1, **{"Version de la notice": "=1+1"})])
    plan = Importer(action, operator_user).check("f.xlsx", io.BytesIO(data))
    assert "« =1+1 »" in plan.errors[0]["message"]


def test_html_in_a_name_is_stored_as_text(action, operator_user):
    importer = Importer(action, operator_user)
    importer.write(importer.check("f.csv", io.BytesIO(csv_bytes([person(1, Nom="<b>Ali</b>")]))))
    assert Beneficiary.objects.get().last_name == "<b>Ali</b>"


def step(n, **overrides):
    cells = {
        "Nom": f"Rahimi-{n}",
        "Prénom": "Ahmad",
        "Date de naissance": (datetime.date(1980, 1, 1) + datetime.timedelta(days=n)).strftime(
            "%d/%m/%Y"
        ),
        "Type d'étape": "Emploi",
        "Statut de l'étape": "",
        "Début": "01/03/2026",
        "Fin": "",
        "Type de contrat": "CDI",
        "Métier": "Coffreur",
        "Certification": "",
    }
    cells.update(overrides)
    return cells


def test_pathway_steps_from_the_steps_sheet(action, operator_user):
    steps = [step(0), step(1, **{"Type d'étape": "Cours de français", "Type de contrat": ""})]
    data = xlsx_bytes(rows(2), steps=steps)
    importer = Importer(action, operator_user)
    plan = importer.check("f.xlsx", io.BytesIO(data))
    assert (plan.errors, plan.steps_to_create) == ([], 2)
    assert importer.write(plan)["steps_created"] == 2
    job = PathwayStep.objects.get(kind="job")
    assert (job.contract_type, job.beneficiary.last_name) == ("cdi", "Rahimi-0")
    assert job.enrolment.action == action
    again = Importer(action, operator_user)
    plan = again.check("f.xlsx", io.BytesIO(data))
    assert plan.steps_to_create == 0
    assert again.write(plan)["steps_created"] == 0


def test_steps_in_error_are_on_their_line(action, operator_user):
    steps = [step(0, **{"Type de contrat": ""}), step(7)]
    plan = Importer(action, operator_user).check(
        "f.xlsx", io.BytesIO(xlsx_bytes(rows(2), steps=steps))
    )
    assert [(e["line"], e["column"]) for e in plan.errors] == [
        (2, "Steps – contract type"),
        (3, "Steps – last name"),
    ]
    assert plan.in_error == 2


def test_a_reimport_keeps_the_source_of_an_enrolment_from_an_accepted_referral(
    action, operator_user
):
    """The file cannot say "through Tremplin", and does not overwrite it either: re-importing a
    person enrolled by an accepted referral changes nothing."""
    data = csv_bytes(rows(2))
    importer = Importer(action, operator_user)
    importer.write(importer.check("f.csv", io.BytesIO(data)))
    referred = Enrolment.objects.get(beneficiary__last_name="Rahimi-0")
    Enrolment.objects.filter(pk=referred.pk).update(referral_source="organisation")

    importer = Importer(action, operator_user)
    plan = importer.check("f.csv", io.BytesIO(data))
    assert (plan.to_create, plan.to_update, plan.unchanged) == (0, 0, 2)
    importer.write(plan)

    referred.refresh_from_db()
    assert referred.referral_source == "organisation"
    assert referred.history.count() == 1
