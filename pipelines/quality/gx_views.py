"""GX's data docs views, compiling GX's page templates once per process instead of at every build.

Each `build_data_docs` makes a new SiteBuilder; each of its section and index builders makes
a view, and each view a jinja Environment of its own, which compiles GX's templates again
(about a third of a quality step's page building). The views here are GX's own, named in the
site's config (docs.py), with one thing added: a jinja bytecode cache kept by the process, so
a template is compiled the first time any view needs it and loaded from its compiled code
afterwards. Jinja checks each template's source against the cached code's checksum, so an
upgraded GX recompiles; the pages rendered are the same.
"""

from __future__ import annotations

from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class ProcessBytecodeCache(BytecodeCache):
    """Compiled templates in memory, one entry per template (GX has a few dozen)."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._compiled.clear()

    def __len__(self) -> int:
        return len(self._compiled)


COMPILED_TEMPLATES = ProcessBytecodeCache()


class CompiledOncePageView(DefaultJinjaPageView):
    """GX's page view (suite and validation pages), its templates compiled once per process."""

    def __init__(self, custom_styles_directory=None, custom_views_directory=None) -> None:
        super().__init__(custom_styles_directory, custom_views_directory)
        self.env.bytecode_cache = COMPILED_TEMPLATES  # set before the environment loads a template


class CompiledOnceIndexPageView(DefaultJinjaIndexPageView):
    """GX's index page view, its templates compiled once per process."""

    def __init__(self, custom_styles_directory=None, custom_views_directory=None) -> None:
        super().__init__(custom_styles_directory, custom_views_directory)
        self.env.bytecode_cache = COMPILED_TEMPLATES


def view_config(view: type) -> dict[str, str]:
    """How a GX site config names one of these views."""
    return {"module_name": view.__module__, "class_name": view.__name__}
