#!/usr/bin/env python3
"""Writes a synthetic cohort VCF for bench/call.sh: every GRCh38 defining position
of CYP2B6, CYP3A5 and CYP3A4 (from configs/pgx), genotypes built from two
star-allele haplotypes per person and gene, unphased, 0.5% missing calls, and
1% of haplotypes carrying one more defining variant than their allele (so some
genotypes fit no pair of named alleles: combination mode's work).

Haplotype frequencies are rough multi-ancestry figures (CYP2B6*6 ~25%,
CYP3A5*3 ~75%, CYP3A4*22 ~3%, ...): enough for realistic genotype diversity,
not a population model.

Usage: make_pgx_cohort.py OUT.vcf N_SAMPLES [SEED]   (bgzip + index it afterwards)
"""
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FREQ = {
    "CYP2B6": {"*1": 0.52, "*6": 0.25, "*2": 0.04, "*4": 0.04, "*5": 0.05, "*9": 0.02, "*18": 0.03,
               "*22": 0.02, "*26": 0.01, "*7": 0.01, "*15": 0.005, "*27": 0.005},
    "CYP3A5": {"*3": 0.75, "*1": 0.20, "*6": 0.03, "*7": 0.02},
    "CYP3A4": {"*1": 0.935, "*22": 0.03, "*1B_like_ref": 0.0, "*2": 0.005, "*3": 0.01, "*8": 0.005,
               "*20": 0.005, "*12": 0.005, "*17": 0.005},
}


def read_tsv(path):
    rows, header = [], None
    for line in open(path):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if header is None:
            header = f
            continue
        rows.append(dict(zip(header, f)))
    return rows


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    records = []  # (chrom, pos, id, ref, [alts], gene, position index)
    genes = {}
    for gene in ("CYP2B6", "CYP3A5", "CYP3A4"):
        positions = read_tsv(os.path.join(ROOT, "configs", "pgx", gene + ".positions.tsv"))
        alleles = {}
        for a in read_tsv(os.path.join(ROOT, "configs", "pgx", gene + ".alleles.tsv")):
            seq = [p["ref_grch38"] for p in positions]
            if a["defining_variants"] != "reference":
                for item in a["defining_variants"].split(";"):
                    var, s = item.split("=")
                    k = [p["variant"] for p in positions].index(var)
                    if s not in ("R", "Y", "S", "W", "K", "M"):  # IUPAC: keep the reference base
                        seq[k] = s
            alleles[a["allele"]] = seq
        names = [x for x in FREQ[gene] if x in alleles and FREQ[gene][x] > 0]
        weights = [FREQ[gene][x] for x in names]
        genes[gene] = (positions, alleles, names, weights)
    # per sample, per gene: two haplotype sequences
    haps = {g: [] for g in genes}
    for _ in range(n):
        for g, (positions, alleles, names, weights) in genes.items():
            h = rng.choices(names, weights, k=2)
            pair = []
            for name in h:
                seq = alleles[name]
                if rng.random() < 0.01:  # one extra variant on this haplotype
                    seq = list(seq)
                    k = rng.randrange(len(positions))
                    others = [x for x in positions[k]["alleles"].split(",") if x != seq[k]]
                    seq[k] = rng.choice(others)
                pair.append(seq)
            haps[g].append(tuple(pair))
    with open(out, "w") as f:
        f.write("##fileformat=VCFv4.2\n##source=ketapgx bench/make_pgx_cohort.py (synthetic)\n")
        f.write("##contig=<ID=chr7,length=159345973>\n##contig=<ID=chr19,length=58617616>\n")
        f.write('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n')
        f.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" +
                "\t".join("P%06d" % (i + 1) for i in range(n)) + "\n")
        lines = []
        for g, (positions, alleles, names, weights) in genes.items():
            for k, p in enumerate(positions):
                seqs = p["alleles"].split(",")
                ref = p["ref_grch38"]
                alts = [s for s in seqs if s != ref]
                index = {ref: "0"}
                index.update({a: str(i + 1) for i, a in enumerate(alts)})
                gts = []
                for (h1, h2) in haps[g]:
                    if rng.random() < 0.005:
                        gts.append("./.")
                    else:
                        gts.append(index[h1[k]] + "/" + index[h2[k]])
                lines.append((p["chrom_grch38"], int(p["pos_grch38"]),
                              "\t".join([p["chrom_grch38"], p["pos_grch38"], p["variant"], ref, ",".join(alts),
                                         ".", "PASS", ".", "GT"] + gts)))
        lines.sort(key=lambda x: (x[0], x[1]))
        for _, _, line in lines:
            f.write(line + "\n")


if __name__ == "__main__":
    main()
