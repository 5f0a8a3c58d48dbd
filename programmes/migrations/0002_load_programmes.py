"""The four programmes Tremplin is built around; DIAIR adds others from the portal."""

import datetime

from django.db import migrations

PROGRAMMES = [
    {
        "code": "HOPE",
        "name": "HOPE — Hébergement, orientation, parcours vers l'emploi",
        "scope": "national",
        "lead_body": "DIAIR, DGEFP et les OPCO, avec l'AFPA et l'OFII",
        "start_date": datetime.date(2017, 1, 1),
        "description": (
            "Parcours intensif de 8 à 10 mois : formation linguistique avec l'OFII (200 à 600 h, "
            "jusqu'au niveau A1), pré-orientation, préparation opérationnelle à l'emploi "
            "collective (POEC) avec 400 h de français à visée professionnelle, puis environ 450 h "
            "d'alternance en contrat de professionnalisation ou en CDPI d'intérim. L'AFPA (ou une "
            "entreprise de travail temporaire d'insertion) assure l'hébergement, la restauration "
            "et l'accompagnement. Promotions de 10 à 15 personnes, environ 1 500 entrées par an ; "
            "65 à 72 % en emploi à la sortie."
        ),
    },
    {
        "code": "PIC",
        "name": "PIC IPR — Intégration professionnelle des réfugiés",
        "scope": "national",
        "lead_body": "Ministère du Travail (DGEFP), Plan d'investissement dans les compétences",
        "start_date": datetime.date(2018, 1, 1),
        "description": (
            "Appel à projets du Plan d'investissement dans les compétences, lancé en 2018 et "
            "renouvelé en 2023 : 55 à 60 projets portés par des opérateurs, plus de 25 000 "
            "bénéficiaires. Chaque projet rend compte des entrées, du profil à l'entrée et des "
            "sorties vers l'emploi ou la formation."
        ),
    },
    {
        "code": "AGIR",
        "name": "AGIR — Accompagnement global et individualisé des réfugiés",
        "scope": "national",
        "lead_body": "DGEF (ministère de l'Intérieur) avec la DIAIR, la DGEFP et la DIHAL ; orientation par l'OFII",
        "start_date": datetime.date(2022, 1, 1),
        "description": (
            "Un opérateur par département accompagne chaque réfugié jusqu'à 24 mois (droits, "
            "logement, emploi et formation) : diagnostic dans le mois, puis engagement signé. "
            "Déploiement par vagues : 27 départements en 2022, 25 en 2023, tous à partir de 2024. "
            "Objectifs : au moins 60 % en emploi ou en formation et 80 % dans un logement."
        ),
    },
    {
        "code": "CTAI",
        "name": "CTAI — Contrats territoriaux d'accueil et d'intégration (volet emploi)",
        "scope": "territorial",
        "lead_body": "DIAIR et préfectures, avec les métropoles et collectivités signataires",
        "start_date": datetime.date(2019, 1, 1),
        "description": (
            "Contrats signés par le préfet avec une métropole, une intercommunalité, un "
            "département ou une région après un diagnostic partagé. Ils couvrent l'accueil, "
            "l'accès aux droits, le logement, la langue, l'emploi, la santé et la culture : 22 "
            "contrats et plus de 400 actions en quatre ans, avec un financement de base de 150 à "
            "300 k€ chacun. Tremplin suit leur volet emploi."
        ),
    },
]


def load(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    for programme in PROGRAMMES:
        Programme.objects.using(schema_editor.connection.alias).update_or_create(
            code=programme["code"], defaults={k: v for k, v in programme.items() if k != "code"}
        )


def unload(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    Programme.objects.using(schema_editor.connection.alias).filter(
        code__in=[p["code"] for p in PROGRAMMES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, unload)]
