-- Search as you type asks for short prefixes ("c", "gi", "xã h"): index the first one to
-- three characters of every word, so a prefix is one lookup instead of a merge of every
-- word it begins. The rows are copied as they are (the folded and exact texts are already
-- computed).

CREATE VIRTUAL TABLE comment_search_new USING fts5 (folded, exact, tokenize = "unicode61 remove_diacritics 0",
                                                    prefix = '1 2 3');
INSERT INTO comment_search_new (rowid, folded, exact) SELECT rowid, folded, exact FROM comment_search;
DROP TABLE comment_search;
ALTER TABLE comment_search_new RENAME TO comment_search;

CREATE VIRTUAL TABLE section_search_new USING fts5 (folded, exact, tokenize = "unicode61 remove_diacritics 0",
                                                    prefix = '1 2 3');
INSERT INTO section_search_new (rowid, folded, exact) SELECT rowid, folded, exact FROM section_search;
DROP TABLE section_search;
ALTER TABLE section_search_new RENAME TO section_search;
