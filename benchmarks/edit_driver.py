"""The driver edit_start.py and edit_wall.py inject into a timed one-story-edit build.

Each script's own lines (`timed_build(setup)`) wrap what it times and define two functions the
driver calls: `result_returned()` as `SearchFeed.result` returns (Pagefind's last run has
ended and its index is placed), and `report()` as the program ends (`main` of commands/cli
ends the process itself: an exit handler is the last moment the build's process can say
anything). The driver then runs `main()` as `python -m digest build -q PROJECT` does, the
project being the script's first argument.
"""

from __future__ import annotations

DRIVER = """
import atexit, importlib.util, sys
class Wrap:  # SearchFeed.result wrapped as its module loads: importing it here would load
    # the site's code before the build does, and start Pagefind later than it would
    def find_spec(self, name, path=None, target=None):
        if name != "digest.engine.search_feed":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            result = module.SearchFeed.result
            def waited(*args, **kwargs):
                try:
                    return result(*args, **kwargs)
                finally:
                    result_returned()
            module.SearchFeed.result = waited
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, Wrap())
from digest.commands.cli import main
atexit.register(report)
sys.argv = ["digest", "build", "-q", "-C", sys.argv[1]]
sys.exit(main())
"""


def timed_build(setup: str) -> str:
    """Return the script of a timed build: *setup*, which defines `result_returned()` and
    `report()`, then the driver."""
    return setup.rstrip("\n") + "\n" + DRIVER.lstrip("\n")
