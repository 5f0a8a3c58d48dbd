"""Reading an uploaded CSV or XLSX file as rows of plain text, refusing what is not what it
claims to be. Every cell becomes a str: XLSX formulas are read as their text (openpyxl with
`data_only=False`) and never evaluated, dates become ISO dates, numbers their digits.

Hostile files are refused before being parsed: too large, a ZIP that is no workbook, a ZIP
whose members would inflate beyond `MAX_UNCOMPRESSED` or by more than `MAX_RATIO` (a "zip
bomb"), binary content in a CSV. openpyxl parses the XML through defusedxml (installed), which
refuses entity expansion."""

import codecs
import csv
import datetime
import io
import zipfile

from django.utils.translation import gettext as _

#: 20 MB: a year of an operator's follow-up is far below (10,000 rows ≈ 2 MB of CSV).
MAX_FILE_SIZE = 20 * 1024 * 1024
#: Rows of data a file may hold (after its header row).
MAX_ROWS = 50_000
#: What the members of an XLSX may inflate to, in total, and by how much each one may.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
#: Columns read at most: a sheet claiming 16,384 columns is cut here.
MAX_COLUMNS = 100
ZIP_MAGIC = b"PK\x03\x04"


class FileRefused(Exception):
    """The file cannot be imported; its message says why in plain words (translated)."""


def kind_of(name, head):
    """ "xlsx" or "csv" for a file named `name` (str) starting with the bytes `head`, checked
    against its content. Raises FileRefused when the extension is neither or its content is
    not what the extension says."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xlsx":
        if not head.startswith(ZIP_MAGIC):
            raise FileRefused(_("This file is not an Excel workbook (.xlsx), whatever its name."))
        return "xlsx"
    if extension in ("csv", "txt"):
        if head.startswith(ZIP_MAGIC) or b"\x00" in head:
            raise FileRefused(_("This file is not a CSV text file, whatever its name."))
        return "csv"
    raise FileRefused(_("Send a CSV (.csv) or Excel (.xlsx) file."))


def check_size(size):
    """Raises FileRefused when `size` (bytes) exceeds MAX_FILE_SIZE."""
    if size > MAX_FILE_SIZE:
        raise FileRefused(
            _("This file is larger than %(size)d MB: split it into several files.")
            % {"size": MAX_FILE_SIZE // (1024 * 1024)}
        )


def check_workbook(stream):
    """Raises FileRefused unless `stream` (a binary file) is a ZIP holding an Office Open XML
    package whose members inflate to at most MAX_UNCOMPRESSED in all and MAX_RATIO times each
    — read from the ZIP directory, before anything is inflated."""
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise FileRefused(_("This Excel workbook is damaged and cannot be read.")) from error
    if "[Content_Types].xml" not in {member.filename for member in members}:
        raise FileRefused(_("This file is not an Excel workbook (.xlsx), whatever its name."))
    total = sum(member.file_size for member in members)
    too_inflated = any(
        member.file_size > 1024 * 1024
        and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if total > MAX_UNCOMPRESSED or too_inflated:
        raise FileRefused(
            _("This workbook would inflate to an abnormal size once opened: it is refused.")
        )
    stream.seek(0)


def cell_text(value):
    """A cell's value as plain text: '' for empty, an ISO date for a date cell, the digits of
    a whole number without '.0', the text of a formula as typed (never its result)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if not value.time() else value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def decode(data):
    """`data` (bytes) as text: UTF-8 (its BOM dropped), else Windows-1252, what Excel writes as
    "CSV" on a French Windows. Raises FileRefused when neither reads it."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise FileRefused(_("This file's characters cannot be read: save it as UTF-8.")) from error


def csv_rows(data):
    """The rows (lists of str) of the CSV `data` (bytes), separated by `;`, `,` or a tab —
    whichever its header line holds most of (`;` on a tie: Excel's choice on a French Windows;
    the csv module's Sniffer guesses wrong on rows holding quotes) —, with Excel's quoting:
    quoted fields may hold separators and line breaks."""
    text = decode(data)
    header = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=lambda candidate: (header.count(candidate), candidate == ";"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for row in reader:
        yield [cell.strip() for cell in row[:MAX_COLUMNS]]


def xlsx_rows(stream, sheet=0):
    """The rows (lists of str, see `cell_text`) of sheet `sheet` of the workbook `stream`
    (binary file) — its number (int) or its title (str, compared in plain form) —, read by
    openpyxl in read-only mode with formulas as text. Returns None when the workbook has no
    such sheet."""
    import openpyxl

    check_workbook(stream)
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged package
        raise FileRefused(_("This Excel workbook is damaged and cannot be read.")) from error
    try:
        if isinstance(sheet, str):
            from .normalise import plain

            titled = [ws for ws in workbook.worksheets if plain(ws.title) == plain(sheet)]
            if not titled:
                return None
            worksheet = titled[0]
        elif sheet >= len(workbook.worksheets):
            return None
        else:
            worksheet = workbook.worksheets[sheet]
        return [
            [cell_text(value) for value in row]
            for row in worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        ]
    finally:
        workbook.close()


def read_table(name, stream, sheet=0):
    """The header (list of str) and data rows (list of (line number, list of str)) of the file
    named `name` in `stream` (binary, seekable), of its sheet `sheet` for a workbook (see
    `xlsx_rows`). Fully empty rows are skipped, so empty trailing
    rows count for nothing; line numbers are those a spreadsheet shows (the header is line 1).
    Raises FileRefused for a refused file, an empty one, or more than MAX_ROWS rows. Returns
    (None, []) for a missing second sheet."""
    stream.seek(0, io.SEEK_END)
    check_size(stream.tell())
    stream.seek(0)
    kind = kind_of(name, stream.read(8192))
    stream.seek(0)
    if kind == "xlsx":
        rows = xlsx_rows(stream, sheet)
        if rows is None:
            return None, []
    else:
        if sheet:
            return None, []
        rows = csv_rows(stream.read())
    header = None
    data = []
    for number, row in enumerate(rows, start=1):
        if not any(row):
            continue
        if header is None:
            header = row
            continue
        data.append((number, row))
        if len(data) > MAX_ROWS:
            raise FileRefused(
                _("This file has more than %(rows)d rows: split it into several files.")
                % {"rows": MAX_ROWS}
            )
    if header is None:
        raise FileRefused(_("This file is empty."))
    return header, data


def read_header(name, stream):
    """The header row (list of str) of the file named `name` in `stream`, after the same checks
    as `read_table` (size, kind, workbook), reading only the first non-empty row. Raises
    FileRefused."""
    stream.seek(0, io.SEEK_END)
    check_size(stream.tell())
    stream.seek(0)
    kind = kind_of(name, stream.read(8192))
    stream.seek(0)
    if kind == "csv":
        rows = csv_rows(stream.read(65536).rsplit(b"\n", 1)[0] + b"\n")
        first = next((row for row in rows if any(row)), None)
    else:
        import openpyxl

        check_workbook(stream)
        try:
            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
            sheet = workbook.worksheets[0]
            first = next(
                (
                    [cell_text(value) for value in row]
                    for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS, max_row=20)
                    if any(value not in (None, "") for value in row)
                ),
                None,
            )
            workbook.close()
        except FileRefused:
            raise
        except Exception as error:
            raise FileRefused(_("This Excel workbook is damaged and cannot be read.")) from error
    stream.seek(0)
    if first is None:
        raise FileRefused(_("This file is empty."))
    return first
