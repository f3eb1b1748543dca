"""A PDF as a scanner hands it back: each page an image, a little askew, soft, with specks of dust.

The pages are rendered (pdfium, already a dependency) at the scan's
resolution, turned by a fraction of a degree, blurred by about a pixel at 300
dpi, sprinkled with dust and stored as JPEG images in a PDF without a text
layer, which is what the extractor's OCR reads. Same input and seed, same
bytes.
"""

from __future__ import annotations

import io
import random
import time

DUST_PER_MEGAPIXEL = 40


def scanned_pdf(pdf: bytes, dpi: int = 300, degrees: float = 0.8, seed: int = 1) -> bytes:
    """`pdf` scanned at `dpi`, each page turned by about `degrees` (counter-clockwise)."""
    import pypdfium2
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    document = pypdfium2.PdfDocument(pdf)
    images = []
    try:
        for page in document:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            turn = degrees + rng.uniform(-0.15, 0.15)
            image = image.rotate(turn, resample=Image.Resampling.BICUBIC, fillcolor=255)
            image = image.filter(ImageFilter.GaussianBlur(0.5 * dpi / 300))
            images.append(_dusted(image, rng))
    finally:
        document.close()
    out = io.BytesIO()
    fixed = time.gmtime(0)  # no clock in the file: the same scan is the same bytes
    images[0].save(
        out,
        "PDF",
        resolution=dpi,
        save_all=True,
        append_images=images[1:],
        quality=85,
        creationDate=fixed,
        modDate=fixed,
    )
    return out.getvalue()


def _dusted(image, rng: random.Random):
    """Specks of one to four pixels at random places, mid to dark grey."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    width, height = image.size
    for _ in range(int(width * height / 1_000_000 * DUST_PER_MEGAPIXEL)):
        x, y, size = rng.randrange(width), rng.randrange(height), rng.choice((1, 1, 2))
        draw.rectangle((x, y, x + size - 1, y + size - 1), fill=rng.choice((60, 110, 160)))
    return image
