"""Allow `python -m digest`."""

import sys

from digest.commands.cli import main

sys.exit(main())
