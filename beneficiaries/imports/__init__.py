"""Bulk import of beneficiaries and their enrolment in an action from CSV or XLSX files: the
columns of the template (`columns`), the reading of hostile-proof files (`reading`), the
validation and the atomic write (`pipeline`), the job and column-mapping models (`models`)."""
