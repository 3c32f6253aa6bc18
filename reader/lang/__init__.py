"""Chinese processing: scripts, segmentation, pinyin, glossary, dictionary, HSK. Pure."""
