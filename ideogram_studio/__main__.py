from ideogram_studio.app import main

raise SystemExit(main())
