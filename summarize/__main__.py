from summarize.interfaces.cli import main

raise SystemExit(main())
