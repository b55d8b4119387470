from polemos.cli import main

raise SystemExit(main())
