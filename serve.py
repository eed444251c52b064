"""Starts the app's server: `python serve.py [options of streamlit run]`, e.g. `--server.port 8600`.

The same as `streamlit run app.py`, and the modules the pages need are imported in the background
as soon as the server exists (components/warmup.py), not by its first visitor's page.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.web import cli

from components import warmup

APP = Path(__file__).resolve().with_name("app.py")

if __name__ == "__main__":
    warmup.start()
    cli.main(["run", str(APP), *sys.argv[1:]], prog_name="streamlit")
