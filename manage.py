#!/usr/bin/env python
"""Django's manage.py; the installed `continuum` command does the same."""

from continuum.cli import main

if __name__ == "__main__":
    main()
