#!/usr/bin/env python3
"""Writes the small example cohort bundled in examples/cohort/ (40 people).

A stand-in until `ketapgx simulate` exists: genotypes at every GRCh38 panel
position drawn independently (Hardy-Weinberg) from rough population
frequencies, a few missing calls, raw-count expression of the gene-set genes,
and covariates. It deliberately contains what `ketapgx qc` should report: one
panel position absent, one sample without covariates, one expression sample
without genotypes. Deterministic (fixed seed); needs python3 and bcftools.

Usage: scripts/make_example_cohort.py [OUTDIR]   (default examples/cohort)
"""
import os
import random
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "examples", "cohort")
N = 40
rng = random.Random(20261122)

# ALT allele frequencies for common sites (rough, multi-ancestry); rare elsewhere.
FREQ = {"rs3745274": 0.30, "rs2279343": 0.35, "rs3211371_T": 0.08, "rs28399499": 0.03, "rs8192709": 0.05,
        "rs776746": 0.80, "rs10264272": 0.03, "rs41303343": 0.02, "rs35599367": 0.05, "rs4986910": 0.01,
        "rs6265": 0.20}
ABSENT = {"rs12721655"}  # one panel position left out, for qc to report
CONTIGS = [("chr7", 159345973), ("chr11", 135086622), ("chr19", 58617616)]


def panel_rows():
    path = os.path.join(ROOT, "configs", "panels", "ketapgx_panel.GRCh38.tsv")
    rows = []
    with open(path) as f:
        header = None
        for line in f:
            if line.startswith("##"):
                continue
            cols = line.rstrip("\n").split("\t")
            if header is None:
                header = cols
                continue
            rows.append(dict(zip(header, cols)))
    return rows


def main():
    os.makedirs(OUT, exist_ok=True)
    samples = ["KTP%03d" % (i + 1) for i in range(N)]
    # Group panel rows by position: a position with two ALTs becomes one multi-allelic record.
    sites = {}
    for r in panel_rows():
        if r["id"] in ABSENT:
            continue
        sites.setdefault((r["chrom"], int(r["pos"]), r["ref"]), []).append(r)
    order = {c: i for i, (c, _) in enumerate(CONTIGS)}
    lines = []
    for (chrom, pos, ref), rows in sorted(sites.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        alts = [r["alt"] for r in rows]
        freqs = [FREQ.get(r["id"], 0.004) for r in rows]
        gts = []
        for _ in samples:
            if rng.random() < 0.02:
                gts.append("./.")
                continue
            hap = []
            for _h in range(2):
                u, a = rng.random(), 0
                for k, p in enumerate(freqs):
                    if u < p:
                        a = k + 1
                        break
                    u -= p
                hap.append(str(a))
            gts.append("|".join(hap))
        rid = rows[0]["id"].split("_")[0]
        lines.append("\t".join([chrom, str(pos), rid, ref, ",".join(alts), ".", "PASS", ".", "GT"] + gts))
    vcf = os.path.join(OUT, "cohort.vcf")
    with open(vcf, "w") as f:
        f.write("##fileformat=VCFv4.2\n")
        f.write("##source=ketapgx scripts/make_example_cohort.py (simulated example data, not real people)\n")
        for c, length in CONTIGS:
            f.write("##contig=<ID=%s,length=%d,assembly=GRCh38>\n" % (c, length))
        f.write('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n')
        f.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(samples) + "\n")
        f.write("\n".join(lines) + "\n")
    gz = vcf + ".gz"
    subprocess.run(["bcftools", "view", "-Oz", "-o", gz, vcf], check=True)
    subprocess.run(["bcftools", "index", "-t", "-f", gz], check=True)
    os.remove(vcf)

    genes = []
    with open(os.path.join(ROOT, "configs", "gene_sets.tsv")) as f:
        for line in f:
            if line.startswith("#") or line.startswith("gene_set"):
                continue
            g = line.split("\t")[1].strip()
            if g not in genes:
                genes.append(g)
    expr_samples = samples[:-1] + ["KTP999"]  # last genotyped person lacks expression; KTP999 has no genotypes
    with open(os.path.join(OUT, "expression.tsv"), "w") as f:
        f.write("gene\t" + "\t".join(expr_samples) + "\n")
        for g in genes:
            mu = rng.uniform(3.0, 7.0)
            f.write(g + "\t" + "\t".join(str(int(rng.lognormvariate(mu, 0.4))) for _ in expr_samples) + "\n")

    with open(os.path.join(OUT, "covariates.tsv"), "w") as f:
        f.write("sample_id\tage\tsex\tweight_kg\tbaseline_madrs\n")
        for s in samples[:-2] + [samples[-1]]:  # one person without covariates
            age = rng.randint(19, 78)
            sex = rng.choice("MF")
            weight = "NA" if rng.random() < 0.1 else "%.1f" % rng.uniform(50, 110)
            f.write("%s\t%d\t%s\t%s\t%d\n" % (s, age, sex, weight, rng.randint(22, 45)))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
