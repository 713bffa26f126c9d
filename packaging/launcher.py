"""Entry script of the standalone build: the same `main` as the `ideogram-studio` command."""

import sys

from ideogram_studio.app import main

if __name__ == "__main__":
    sys.exit(main())
