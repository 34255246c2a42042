"""Entry point for `python -m assess`."""

from assess.cli.main import main

if __name__ == "__main__":
    main()
