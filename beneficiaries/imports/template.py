"""The downloadable import template: an XLSX workbook whose first sheet has one column per
field with the French header, whose second lists the accepted values of each coded column (in
French, as offices type them; codes and English labels are accepted too), and whose third,
"Étapes", takes the pathway steps of the people of the first."""

import io

import openpyxl
from django.utils import translation
from openpyxl.styles import Font

from .columns import CHOICE, COLUMNS, STEP_COLUMNS, STEPS_SHEET

PEOPLE_SHEET = "Personnes"
VALUES_SHEET = "Valeurs acceptées"


def template_workbook():
    """The template's bytes (an XLSX workbook)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = PEOPLE_SHEET
    sheet.append([f"{column.header}" for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(
            14, len(column.header) + 2
        )
    values = workbook.create_sheet(VALUES_SHEET)
    steps = workbook.create_sheet(STEPS_SHEET)
    steps.append([column.header for column in STEP_COLUMNS])
    for cell in steps[1]:
        cell.font = Font(bold=True)
    coded = [column for column in (*COLUMNS, *STEP_COLUMNS[3:]) if column.kind == CHOICE]
    values.append([column.header for column in coded])
    for cell in values[1]:
        cell.font = Font(bold=True)
    with translation.override("fr"):
        lists = [[str(label) for _code, label in column.options()] for column in coded]
    for row in range(max(len(options) for options in lists)):
        values.append([options[row] if row < len(options) else None for options in lists])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def accepted_values(column):
    """The accepted values of a coded `column`, as (code, label) pairs in the active
    language."""
    return [(code, str(label)) for code, label in column.options()]
