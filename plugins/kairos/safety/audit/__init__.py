"""Defence in depth: look for held-back stories in every file of a built site.

The site is built from published stories only, so nothing here should ever be found. The audit
checks that independently of how the site was built: it reads every output file
(:mod:`.readers`: text in any common encoding, compressed files, archives, PDF text, Pagefind's
index; images and other media by name and hash) and looks for each story that is NOT
published on the build date (:mod:`.evidence`, :mod:`.targets`):

* its address ``stories/<slug>``, and its slug as a token when it has a hyphen or a digit;
* its title, compared case- and quote-insensitively: anywhere when it has four words or more,
  otherwise where it stands alone (``<h2>Gone</h2>``, ``"Gone"``, ``<title>Gone - Site``);
* any 25 consecutive words of its title, summary or text, and a whole summary or paragraph of
  fewer words (winnowed fingerprints, :mod:`.evidence`), in text and attribute values alike;
* a file named after its slug or title, and its media files (beside its ``<slug>/index.md``)
  by name and by SHA-256 hash.

A file it cannot read is reported too. This package imports neither mkdocs nor click:
``kairos audit`` and the plugin both call :func:`.site_scan.scan_site`. The package imports
nothing, so the worker processes load only :mod:`.matching`.
"""
