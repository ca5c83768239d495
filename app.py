"""The summarize web demo (Gradio): `python app.py [--host H] [--port P] [--db PATH] [model options]`.

Serves on http://127.0.0.1:7860 by default; the same as `summarize serve`. See the README.
"""

import importlib.util
import sys

MISSING = [name for name in ("gradio", "transformers", "torch") if importlib.util.find_spec(name) is None]

if __name__ == "__main__":
    if MISSING:
        print(f"app.py: this Python ({sys.executable}) does not have summarize's dependencies "
              f"({', '.join(MISSING)} missing). Start the demo with `make demo` (tiny offline models) or, after "
              "`make install`, with `.venv/bin/python app.py`.", file=sys.stderr)
        raise SystemExit(2)
    from summarize.interfaces.web import main

    raise SystemExit(main())
