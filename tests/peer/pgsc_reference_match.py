#!/usr/bin/env python3
"""An independent reading of the PGS Catalog Calculator's matching rules
(pgscatalog.match, github PGScatalog/pygscatalog), written for the peer test
of `ketapgx prs --pgs` (tests/peer/pgsc_match_test.cpp) and sharing no code
with it: given a VCF and a scoring file, prints the matched set, one line per
scoring-file row:

    line  status  match_type  target_id  matched_effect_allele  weight  effect_type

status is matched, excluded, unmatched or not_scorable; target_id is the VCF
record's ID (or chrom:pos:ref:alt when it has none).

  pgsc_reference_match.py VCF SCOREFILE BUILD [--keep-ambiguous] [--keep-multiallelic] [--ignore-strand-flips]

BUILD (GRCh37/GRCh38) picks hm_chr/hm_pos when the file is harmonized to it.
The rules, as pgsc_calc applies them (match 0.4.0): candidates are the ALTs of
the records at the row's chromosome and position; with an other allele the
types are refalt, altref, refalt_flip, altref_flip, without one no_oa_ref,
no_oa_alt, no_oa_ref_flip, no_oa_alt_flip, best first; flip complements each
base (only alleles of A, C, G, T); the first target of the best type is kept;
rows of one score whose best match is the same target allele pair are all
excluded; ambiguous targets (complement(REF) == ALT) and multi-allelic
records are excluded by default, flips only when asked.
"""
import gzip
import sys

COMP = {"A": "T", "T": "A", "C": "G", "G": "C"}
ORDER = ["refalt", "altref", "refalt_flip", "altref_flip", "no_oa_ref", "no_oa_alt", "no_oa_ref_flip", "no_oa_alt_flip"]


def flip(a):
    if a and all(c in COMP for c in a):
        return "".join(COMP[c] for c in a)
    return a


def canon(chrom):
    return chrom[3:] if chrom.lower().startswith("chr") else chrom


def read_vcf(path):
    by_pos = {}
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        for line in f:
            if line.startswith("#"):
                continue
            c = line.rstrip("\n").split("\t", 5)
            chrom, pos, vid, ref, alt = canon(c[0]), int(c[1]), c[2], c[3], c[4]
            if chrom not in [str(n) for n in range(1, 23)] + ["X", "Y"]:
                continue  # pgsc_calc keeps chromosomes 1-22, X and Y
            alts = [a for a in alt.split(",") if a != "."] or ["."]
            for a in alts:
                tid = vid if vid != "." else "%s:%d:%s:%s" % (chrom, pos, ref, a)
                by_pos.setdefault((chrom, pos), []).append((tid, ref, a, len(alts) > 1))
    return by_pos


def read_scorefile(path, build):
    header, rows, cols = {}, [], None
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        for n, line in enumerate(f, start=1):
            line = line.rstrip("\n")
            if cols is None:
                if line.startswith("##"):
                    continue
                if line.startswith("#"):
                    if "=" in line:
                        k, v = line[1:].split("=", 1)
                        header[k.strip()] = v.strip()
                    continue
                cols = line.split("\t")
                continue
            if not line.strip():
                continue
            d = dict(zip(cols, line.split("\t")))
            rows.append((n, d))
    hm = header.get("HmPOS_build", "").lower() in (build.lower(), {"grch37": "hg19", "grch38": "hg38"}[build.lower()])
    hm = hm and "hm_pos" in cols
    out = []
    for n, d in rows:
        chrom = d.get("hm_chr" if hm else "chr_name", "").strip()
        pos = d.get("hm_pos" if hm else "chr_position", "").strip()
        ea = d["effect_allele"].strip().upper()
        oa = d.get("other_allele", "").strip().upper()
        if not oa and hm:
            oa = d.get("hm_inferOtherAllele", "").strip().upper()
        if "/" in oa:
            oa = ""
        truth = lambda k: d.get(k, "").strip().lower() in ("true", "t", "yes", "1")
        effect = "dominant" if truth("is_dominant") else "recessive" if truth("is_recessive") else "additive"
        et = d.get("effect_type", "").strip().lower()
        if et in ("dominant", "recessive"):
            effect = et
        complex_row = truth("is_haplotype") or truth("is_diplotype") or truth("is_interaction")
        out.append(dict(line=n, chrom=canon(chrom), pos=int(pos) if pos else 0, ea=ea, oa=oa,
                        weight=d["effect_weight"].strip(), effect=effect, complex=complex_row))
    return out


def best(row, targets, with_multi):
    found = []
    for tid, ref, alt, multi in targets:
        if multi and not with_multi:
            continue
        ea, oa = row["ea"], row["oa"]
        if oa:
            cands = [("refalt", ea == ref and oa == alt, ea), ("altref", ea == alt and oa == ref, ea),
                     ("refalt_flip", flip(ea) == ref and flip(oa) == alt, flip(ea)),
                     ("altref_flip", flip(ea) == alt and flip(oa) == ref, flip(ea))]
        else:
            cands = [("no_oa_ref", ea == ref, ea), ("no_oa_alt", ea == alt, ea),
                     ("no_oa_ref_flip", flip(ea) == ref, flip(ea)), ("no_oa_alt_flip", flip(ea) == alt, flip(ea))]
        for mtype, ok, allele in cands:
            if ok:
                found.append((ORDER.index(mtype), mtype, tid, ref, alt, multi, allele))
                break
    if not found:
        return None
    top = min(f[0] for f in found)
    return [f for f in found if f[0] == top][0]


def main():
    vcf, scorefile, build = sys.argv[1:4]
    keep_amb = "--keep-ambiguous" in sys.argv
    keep_multi = "--keep-multiallelic" in sys.argv
    no_flips = "--ignore-strand-flips" in sys.argv
    targets = read_vcf(vcf)
    rows = read_scorefile(scorefile, build)
    picked = {}
    for r in rows:
        if r["complex"]:
            picked[r["line"]] = None
            continue
        here = targets.get((r["chrom"], r["pos"]), [])
        # pgsc_calc reads no multi-allelic record unless kept; a row only such a record
        # fits is not matched (reported here as excluded, for the multi-allelic record).
        b = best(r, here, keep_multi)
        picked[r["line"]] = b if b or keep_multi else best(r, here, True)
    # Several rows best-matching one target allele pair: all excluded.
    uses = {}
    for line, b in picked.items():
        if b:
            key = (b[2], b[3]) if b[5] else (b[2], b[3], b[4])  # a multi-allelic record is one variant
            uses.setdefault(key, []).append(line)
    dup = {line for lines in uses.values() if len(lines) > 1 for line in lines}
    for r in rows:
        b = picked[r["line"]]
        if r["complex"]:
            print("%d\tnot_scorable\t.\t.\t.\t%s\t%s" % (r["line"], r["weight"], r["effect"]))
            continue
        if b is None:
            print("%d\tunmatched\t.\t.\t.\t%s\t%s" % (r["line"], r["weight"], r["effect"]))
            continue
        _, mtype, tid, ref, alt, multi, allele = b
        ambiguous = flip(ref) == alt and flip(ref) != ref
        excluded = (r["line"] in dup or (ambiguous and not keep_amb) or (multi and not keep_multi)
                    or ("flip" in mtype and no_flips))
        print("%d\t%s\t%s\t%s\t%s\t%s\t%s" % (r["line"], "excluded" if excluded else "matched", mtype, tid, allele,
                                              r["weight"], r["effect"]))


if __name__ == "__main__":
    main()
