/*
 * normalize: the keys that deduplication compares: DOIs, titles, names,
 * pages. Pure functions of their input: no store, no errors, no state.
 */
#ifndef SK_NORMALIZE_H
#define SK_NORMALIZE_H

#include <stddef.h>

/* A DOI longer than this (after cleaning) is not taken as a DOI. */
#define NORMALIZE_DOI_MAX 512

/*
 * The canonical form of a DOI, or NULL when s holds none. The caller
 * frees the result.
 *
 * - Spaces at both ends are trimmed; the prefixes "doi:", "DOI ",
 *   "info:doi/", "urn:doi:" and the resolvers "https://doi.org/",
 *   "http://dx.doi.org/", "https://www.doi.org/", "doi.org/" (with or
 *   without scheme, "dx." or "www.") are removed, in any case and in any
 *   combination ("DOI: https://doi.org/10...").
 * - When a resolver URL was removed, %XX escapes that stand for printable
 *   ASCII are decoded ("%2F" -> "/", "%28" -> "("); others stay as given.
 * - The DOI ends at the first space: "10.1371/x [doi]" and a value
 *   followed by another exporter field both give "10.1371/x".
 * - Trailing ". , ; : ' \"" are removed, and trailing ") ] } >" when they
 *   close nothing inside the DOI: "(10.1/x)." -> ... "10.1/x", while
 *   "10.1016/0006-8993(93)91335-P" keeps its parentheses.
 * - ASCII letters are lowercased (DOIs are case-insensitive); other
 *   characters are kept as they are.
 * - The result is "10." + registrant code (digits, dots inside) + "/" +
 *   a non-empty suffix without control characters, at most
 *   NORMALIZE_DOI_MAX bytes; anything else gives NULL. Publisher URLs
 *   that merely contain a DOI (link.springer.com/10...) give NULL: they
 *   are not mined here.
 *
 * A DOI that really ends in "." loses it; such DOIs are too rare to let
 * "10.1038/oby.2012.97." (as PubMed has it) stay unmatched.
 */
char *normalize_doi(const char *s);

/*
 * A title as a comparison key, or NULL when nothing usable is left. The
 * caller frees the result.
 *
 * - Character references (&amp; &lt; &#233; &#xE9;...) are decoded, then
 *   inline markup is removed: <i>, </sub>, <sup>, <scp>, <mml:...> and
 *   the like vanish ("CO<sub>2</sub>" -> "co2"), <br> and <p> separate.
 * - Ovid's trailing notes "[Review] [108 refs] [Romanian]" are removed,
 *   so is a language alone ("[Spanish]"), and links to other records,
 *   even cut short (".[Erratum appears in J Pediatr. 2003 Jun");
 *   a title wholly in [brackets] (MEDLINE's translated titles,
 *   "[Effect of X on Y].") keeps its content.
 * - Unicode compatibility decomposition, case folding, default-ignorable
 *   characters (soft hyphens) and combining marks removed, so "Über" and
 *   "uber", "ﬁ" and "fi" compare equal; letters with no decomposition are
 *   spelled in ASCII where a database might do so (ø -> o, ł -> l,
 *   æ -> ae, þ -> th). Marks are stripped in every script, so Indic vowel
 *   signs go too: the key is for comparing, not for reading.
 * - Apostrophes vanish ("Parkinson's" -> "parkinsons", as some databases
 *   drop them); letters and digits of every script are kept; every other
 *   run of characters becomes one space; no space at either end.
 * - Placeholders that mean "no title" ("[Not Available].", "[No title
 *   available]", "Untitled") give NULL.
 * - Greek letters are spelled out as PubMed spells them: "β-blockers"
 *   -> "beta blockers", "TNF-&alpha;" -> "tnf alpha". Accented letters
 *   and Greek letters named by HTML references ("&eacute;", "&beta;")
 *   are decoded too. Hyphens become spaces, so "COVID-19" ->
 *   "covid 19" but "COVID19" -> "covid19": compare keys without spaces too
 *   when that matters.
 *
 * Applying it to its own result gives the same key.
 */
char *normalize_title(const char *s);

/*
 * A family name as a key: the title's folding (case, accents, ø -> o...),
 * then only letters and digits are kept: "O'Brien" -> "obrien",
 * "Müller-Lüdenscheidt" -> "mullerludenscheidt", "van der Berg" ->
 * "vanderberg". NULL when nothing is left. The caller frees the result.
 */
char *normalize_name(const char *family);

/*
 * The first page of a page field as lowercase ASCII letters and digits in
 * out: "123-130" -> "123", "e0209483" -> "e0209483", "S129–35" ->
 * "s129", "pp. 12-19" -> "12". A page needs a digit, or must be a roman
 * numeral ("xiv"); words before it ("pp.", "Article") are skipped.
 * Returns 0, or -1 with out empty (when size > 0) if there is no page,
 * it does not fit in size bytes, a page of the first range is longer
 * than 31 characters, or the field is a count of pages ("215 p", "12
 * pages": theses and books), not a place.
 */
int normalize_first_page(const char *pages, char *out, size_t size);

/*
 * The first range of a page field as numbers, the end page expanded:
 * "1560-71" -> 1560 and 1571, "S129-35" -> 129 and 135, "45" -> 45 and
 * 45, "e0209483" -> 209483 twice: letters before the number are left
 * out, for the caller to compare. Returns 0, or -1 when the field has no
 * page, its pages are not numbers after the same letters ("xiv-xvi",
 * "S3-4e", "S3-R4"), the range runs backwards, or it is a count of pages.
 */
int normalize_page_span(const char *pages, long *first, long *last);

/*
 * 1 when two page fields denote the same pages, else 0. Abbreviated end
 * pages are expanded from the first page ("1560-71" equals "1560-1571",
 * "S129–35" equals "S129-S135"); any dash, spaces around it and "pp."
 * are ignored; lists of ranges ("12-5, 30") compare range by range, in
 * any order ("233-8, 230-5" equals "230-235+233-238"). A
 * single page equals only the range of that one page ("12" = "12-12"),
 * not a range starting there: compare first pages for that. NULL,
 * empty or unreadable fields are equal to nothing.
 */
int normalize_pages_equal(const char *a, const char *b);

#endif
