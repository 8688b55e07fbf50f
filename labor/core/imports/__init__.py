"""CSV and XLSX import and export of the kernel's records (and, through the registry, of any
app's records): kinds in this package, the engine in ``engine``, batches in ``services``.

Formats and messages are documented in docs/import-formats.md.
"""
