"""Build src/newsum/data/en_zipf.tsv.gz: general English word frequencies, from wordfreq.

    pip install wordfreq==3.1.1 && python tools/build_word_frequencies.py

newsum uses how common a word is in English at large (its Zipf frequency: log10 of its
frequency per billion words) as one signal of how summary-worthy a concept is: "said" and
"people" are everywhere, "Timor" is news. wordfreq's data is CC-BY-SA 4.0 (its sources are
listed at https://github.com/rspeer/wordfreq); the file we derive keeps that licence, noted
in src/newsum/data/LICENSE-wordfreq.txt. The top 60,000 words are kept (Zipf >= ~2.2); a word
outside the list reads as rarer than all of them.
"""

import gzip
from pathlib import Path

import wordfreq

TOP = 60_000
OUT = Path(__file__).resolve().parent.parent / "src" / "newsum" / "data" / "en_zipf.tsv.gz"


def main() -> None:
    words = wordfreq.top_n_list("en", TOP, wordlist="best")
    rows = []
    for word in words:
        if "\t" in word or "\n" in word:
            continue
        rows.append(f"{word}\t{wordfreq.zipf_frequency(word, 'en', wordlist='best'):.2f}")
    text = f"# wordfreq en best, top {TOP}; CC-BY-SA 4.0\n" + "\n".join(rows) + "\n"
    # mtime=0: the same data gives the same bytes, so rebuilding leaves git clean.
    OUT.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"wrote {len(rows)} words to {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
