"""What the commands print: the check report, the consent report and the publication diff."""
