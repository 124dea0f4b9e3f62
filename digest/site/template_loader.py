"""Template loader: Jinja's file loader, refusing a template that links out of its folder.

A downloaded theme could hold `templates/note.html` linking to a key file, and include it in
every page; the build would publish the key. Templates are looked up as Jinja does, and one
found through a link whose target lies outside its templates folder is not read. A template
that is not UTF-8 text is a template error naming its file and line, like a syntax error.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable

import jinja2
from jinja2.loaders import split_template_path

from digest.paths import inside


class ContainedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that never reads a template through a link out of its folder."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        found = None
        for folder in self.searchpath:
            filename = posixpath.join(folder, *pieces)
            if os.path.isfile(filename):  # the file Jinja would read: the first found
                if not inside(folder, filename):
                    raise jinja2.TemplateNotFound(
                        template, f"{filename}: a symbolic link out of {folder}; not read"
                    )
                found = filename
                break
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as error:  # saved as Latin-1 by an editor, say
            raise not_utf8(template, found, error) from error


def not_utf8(
    template: str, filename: str | None, error: UnicodeDecodeError
) -> jinja2.TemplateSyntaxError:
    """Return the error naming *template*'s file and the line of its first byte not UTF-8."""
    line, byte = 1, error.object[error.start : error.start + 1]
    try:
        with open(filename or "", "rb") as file:
            data = file.read()
        data.decode("utf-8")
    except UnicodeDecodeError as again:  # the place in the whole file, not a read's chunk
        line, byte = data.count(b"\n", 0, again.start) + 1, data[again.start : again.start + 1]
    except OSError:
        pass
    message = f"not UTF-8 text (byte 0x{byte.hex()}): save the template as UTF-8"
    return jinja2.TemplateSyntaxError(message, line, template, filename)
