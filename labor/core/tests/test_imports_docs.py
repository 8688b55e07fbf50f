"""docs/import-formats.md lists every kind and every column the code reads."""

from pathlib import Path

import pytest
from django.conf import settings

from labor.core.imports.kinds import all_kinds

DOC = (Path(settings.BASE_DIR) / "docs" / "import-formats.md").read_text(encoding="utf-8")


def _section(kind) -> str:
    start = DOC.index(f"## {kind.name} ")
    end = DOC.find("\n## ", start + 1)
    return DOC[start:end]


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda kind: kind.name)
def test_the_formats_document_lists_every_column_of_every_kind(kind):
    section = _section(kind)
    for column in kind.columns:
        assert f"| {column.header} | {'yes' if column.required else 'no'} |" in section
    assert "Natural key: **" in section
