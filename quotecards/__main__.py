from quotecards.cli import main

raise SystemExit(main())
