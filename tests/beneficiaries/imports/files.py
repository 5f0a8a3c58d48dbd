"""Import files made in the test: rows as dicts of template headers, written as CSV (any
separator and encoding) or XLSX (openpyxl), with a valid person per row by default."""

import csv
import datetime
import io

import openpyxl

from beneficiaries.imports.columns import COLUMNS

HEADERS = [column.header for column in COLUMNS]


def person(n, **overrides):
    """The cells (dict header → str) of a valid row for person number `n` (int)."""
    row = {
        "Nom": f"Rahimi-{n}",
        "Prénom": "Ahmad",
        "Date de naissance": (datetime.date(1980, 1, 1) + datetime.timedelta(days=n)).strftime(
            "%d/%m/%Y"
        ),
        "Sexe": "Homme",
        "Nationalité": "Afghanistan",
        "Statut de protection": "Réfugié",
        "Protection accordée le": "01/09/2025",
        "Département de résidence": "69",
        "Niveau de français à l'entrée": "A1",
        "Niveau d'études": "",
        "Métier antérieur": "Maçon",
        "Téléphone": "",
        "Courriel": "",
        "Situation d'emploi à l'entrée": "Ni emploi ni formation",
        "Hébergement à l'entrée": "DNA",
        "Notice d'information remise le": "12/01/2026",
        "Version de la notice": "2026-01",
        "Orienté par": "OFII",
        "Date d'orientation": "12/01/2026",
        "Date d'entrée": "19/01/2026",
        "Statut de l'inscription": "",
        "Date de sortie": "",
        "Motif de sortie": "",
        "Motif d'abandon": "",
    }
    row.update(overrides)
    return row


def rows(count, start=0, **overrides):
    return [person(n, **overrides) for n in range(start, start + count)]


def csv_bytes(data, delimiter=";", encoding="utf-8", headers=None, trailing_empty=0):
    """`data` (list of dicts) as CSV bytes."""
    headers = headers or list(data[0]) if data else HEADERS
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in data:
        writer.writerow([row.get(h, "") for h in headers])
    for _ in range(trailing_empty):
        writer.writerow([""] * len(headers))
    return out.getvalue().encode(encoding)


def xlsx_bytes(data, headers=None, cells=None, trailing_empty=0, steps=None):
    """`data` (list of dicts) as an XLSX workbook's bytes. `cells`: a function (header, text)
    → the cell value to write (a date, a number, a formula), default the text. `steps`: rows
    (dicts) of a sheet "Étapes"."""
    headers = headers or (list(data[0]) if data else HEADERS)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in data:
        sheet.append([cells(h, row.get(h, "")) if cells else row.get(h, "") for h in headers])
    for _ in range(trailing_empty):
        sheet.append([None] * len(headers))
    if steps:
        sheet = workbook.create_sheet("Étapes")
        sheet.append(list(steps[0]))
        for row in steps:
            sheet.append(list(row.values()))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
