"""``python -m intercept_mapper``: the same as the ``intercept-mapper`` command."""

import sys

from .cli import main

sys.exit(main())
