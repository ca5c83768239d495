"""The summarize web demo (Gradio): `python app.py [--host H] [--port P] [--db PATH] [model options]`.

Serves on http://127.0.0.1:7860 by default; the same as `summarize serve`. See the README.
"""

from summarize.interfaces.web import main

if __name__ == "__main__":
    raise SystemExit(main())
