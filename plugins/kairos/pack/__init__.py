"""Teaching packs: a collection and its stories as a tagged, accessible PDF, built with Typst."""
