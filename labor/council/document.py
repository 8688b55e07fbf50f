"""The council report's document layer: the kernel's DocumentSpec plus one block of its own,
:class:`Image` (a chart), laid out in all four formats.

labor/core/documents.py knows no images, so the report's spec is prepared in two steps: each
image is stood in for by a marker paragraph for the kernel's ``prepare``, then the marker's
block is replaced by the image's own ``{"kind": "image", ...}`` block. The HTML/PDF template
(the kernel's documents/base.html), the DOCX writer (render_docx.py) and the ODT writer below
lay it out.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import struct
from dataclasses import dataclass
from typing import ClassVar

import odfdo

from labor.core import documents
from labor.core.documents import Document, DocumentSpec, Paragraph, Prepared

# The kernel layout renders image blocks (a chart as a data: URI; WeasyPrint fetches data: only).
TEMPLATE = "documents/base.html"
_MARKER = "⟦council-image-{}⟧"
TEXT_WIDTH_CM = 15.0


@dataclass(frozen=True)
class Image:
    """A PNG image (a chart) across the text width, with a caption under it."""

    png: bytes
    caption: str = ""
    kind: ClassVar[str] = "image"


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", png[16:24])


def prepare(spec: DocumentSpec) -> Prepared:
    images: dict[str, Image] = {}
    blocks = []
    for block in spec.blocks:
        if isinstance(block, Image):
            marker = _MARKER.format(len(images))
            images[marker] = block
            blocks.append(Paragraph(marker))
        else:
            blocks.append(block)
    prepared = documents.prepare(dataclasses.replace(spec, blocks=blocks))
    for index, block in enumerate(prepared.blocks):
        if block["kind"] == "paragraph" and block["lines"][0] in images:
            image = images[block["lines"][0]]
            width, height = png_size(image.png)
            prepared.blocks[index] = {
                "kind": "image", "png": image.png, "caption": image.caption,
                "data_uri": "data:image/png;base64," + base64.b64encode(image.png).decode(),
                "width_cm": TEXT_WIDTH_CM, "height_cm": TEXT_WIDTH_CM * height / width,
            }
    return prepared


class ReportOdtWriter(documents.OdtWriter):
    def _image(self, block):
        name = self.doc.add_file(io.BytesIO(block["png"]))
        size = (f"{block['width_cm']:.2f}cm", f"{block['height_cm']:.2f}cm")
        frame = odfdo.Frame.image_frame(name, size=size, anchor_type="as-char")
        paragraph = odfdo.Paragraph(style="Text_20_body")
        paragraph.append(frame)
        self.body.append(paragraph)
        if block["caption"]:
            self.body.append(odfdo.Paragraph(block["caption"], style="Text_20_body"))


class ReportDocument(Document):
    """The report as a kernel Document whose spec may hold :class:`Image` blocks."""

    def __init__(self, spec: DocumentSpec):
        super().__init__(spec, template_name=TEMPLATE)

    def prepared(self) -> Prepared:
        return prepare(self.spec)

    def odt(self) -> bytes:
        return ReportOdtWriter(self.prepared(), self.spec).write()
