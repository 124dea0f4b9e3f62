"""Template loader: Jinja's file loader, refusing a template that links out of its folder.

A downloaded theme could hold `templates/note.html` linking to a key file, and include it in
every page; the build would publish the key. Templates are looked up as Jinja does, and one
found through a link whose target lies outside its templates folder is not read.
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
        for folder in self.searchpath:
            filename = posixpath.join(folder, *pieces)
            if os.path.isfile(filename):  # the file Jinja would read: the first found
                if not inside(folder, filename):
                    raise jinja2.TemplateNotFound(
                        template, f"{filename}: a symbolic link out of {folder}; not read"
                    )
                break
        return super().get_source(environment, template)
