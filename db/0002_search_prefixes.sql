-- Search as you type asks for short prefixes ("gi", "xã h"): index the first two characters
-- of every word, so such a prefix is one lookup instead of a merge of every word it begins.
-- Longer prefix indexes cost more on every insert (merging 15,000 received comments) than
-- they save on search. The rows are copied as they are (the texts are already computed).

CREATE VIRTUAL TABLE comment_search_new USING fts5 (folded, exact, tokenize = "unicode61 remove_diacritics 0",
                                                    prefix = '2');
INSERT INTO comment_search_new (rowid, folded, exact) SELECT rowid, folded, exact FROM comment_search;
DROP TABLE comment_search;
ALTER TABLE comment_search_new RENAME TO comment_search;

CREATE VIRTUAL TABLE section_search_new USING fts5 (folded, exact, tokenize = "unicode61 remove_diacritics 0",
                                                    prefix = '2');
INSERT INTO section_search_new (rowid, folded, exact) SELECT rowid, folded, exact FROM section_search;
DROP TABLE section_search;
ALTER TABLE section_search_new RENAME TO section_search;
