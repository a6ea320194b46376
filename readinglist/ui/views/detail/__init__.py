"""The parts of the detail pane, one job each: the paper's header (title, authors, links,
read/star, abstract), the tag editor, the notes editor and the similar papers."""
