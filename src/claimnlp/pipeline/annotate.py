"""Annotate documents: chunk, find entities, quantities and cues, assemble claims, build rows.

This is the NLP core behind :class:`claimnlp.pipeline.run.Processor`. The
stages, each a pure library call, are:

1. ``chunk.chunk_blocks`` -> blocks (headings, paragraphs, list items, table rows);
   ``chunk.units`` -> units (sentences of paragraphs and list items; whole
   headings and table rows), as the annotation guide defines them;
2. spaCy ``nlp.pipe`` over the blocks (not whole documents): statistical NER
   spans and scispaCy abbreviation definitions (Schwartz & Hearst 2003);
3. ``lexicon.ConceptLexicon.find`` on the blocks, merged with NER spans and
   abbreviation short forms (short forms normalize through their long form);
4. per unit: ``quantities.parse_quantities`` (with table column kinds),
   ``certainty.find_cues`` + ``certainty_of``;
5. ``claims.assemble`` -> claim drafts; strength predicted per claim unit;
6. rows exactly as declared in ``claimnlp.schema``.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from claimnlp import __version__
from claimnlp.chunk import chunk_blocks, split_sentences, units as claim_units
from claimnlp.claims.assemble import ClaimDraft, UnitInfo, assemble
from claimnlp.claims.rules import load_rules
from claimnlp.pipeline.entity_rules import load_entity_rules
from claimnlp.model import Block, Document, Mention, Unit, sha256_text, stable_id
from claimnlp.pipeline.config import PipelineConfig, models_dir
from claimnlp.schema import CLAIMS, MENTIONS, MentionLabel, UnitKind

logger = logging.getLogger(__name__)

Row = dict[str, Any]

# the row checks below run once per row: the column names are fixed
_CLAIM_COLUMNS = frozenset(CLAIMS.names)
_N_MENTION_COLUMNS = len(MENTIONS.names)

ENTITY_LABELS = {"Disease": MentionLabel.CONDITION.value, "DISEASE": MentionLabel.CONDITION.value,
                 "Chemical": MentionLabel.INTERVENTION.value, "CHEMICAL": MentionLabel.INTERVENTION.value}


class _SpanIndex:
    """Mutually non-overlapping (start, end) spans kept sorted, for O(log n) overlap/containment checks."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans: list[tuple[int, int]] = sorted(spans)

    def add(self, span: tuple[int, int]) -> None:
        bisect.insort(self._spans, span)

    def overlaps(self, span: tuple[int, int]) -> bool:
        # the spans never overlap each other, so their ends are sorted too: only the last span
        # starting before ``span`` ends can reach into it
        s, e = span
        i = bisect.bisect_left(self._spans, (e, -1))
        return i > 0 and self._spans[i - 1][1] > s

    def contains(self, span: tuple[int, int]) -> bool:
        i = bisect.bisect_right(self._spans, (span[0], float("inf"))) - 1
        return i >= 0 and self._spans[i][0] <= span[0] and span[1] <= self._spans[i][1]


@dataclass
class _BlockNLP:
    ents: list[tuple[int, int, str]]
    abbreviations: list[tuple[int, int, int, int]]  # short start/end, long start/end (absolute)


class Annotator:
    """Holds loaded resources; ``annotate(docs)`` returns rows per document."""

    def __init__(self, config: PipelineConfig) -> None:
        from claimnlp.lexicon import ConceptLexicon

        self.config = config
        self.rules = load_rules()
        self.entity_rules = load_entity_rules()
        self.lexicon = ConceptLexicon.load()
        # nearly every run normalizes some NER span fuzzily: build the index with the other resources
        # rather than in the middle of the first batch
        self.lexicon.prepare_fuzzy()
        self.nlp = self._load_nlp(config)
        self.strength = self._load_strength(config)
        self.pipeline_version = self._version()

    @staticmethod
    def _load_nlp(config: PipelineConfig) -> Any:
        from claimnlp.pipeline.build import load_pipeline

        return load_pipeline(config)

    @staticmethod
    def _load_strength(config: PipelineConfig) -> Any:
        if config.strength_model == "none":
            return None
        if config.strength_model == "default" and not (models_dir() / "strength").is_dir():
            logger.warning("no strength model shipped in %s; the strength column stays null",
                           models_dir() / "strength")
            return None
        from claimnlp.certainty import StrengthModel

        return StrengthModel.load(None if config.strength_model == "default" else config.strength_model)

    def _version(self) -> str:
        """``<package version>+<hash of rules, lexicon data and model metadata>``."""
        h = hashlib.sha256()
        from importlib import resources

        data = resources.files("claimnlp.lexicon").joinpath("data")
        for f in sorted(data.iterdir(), key=lambda p: p.name):
            if f.is_file():
                h.update(f.name.encode())
                h.update(f.read_bytes())
        h.update(repr(sorted((self.nlp.meta or {}).items(), key=str)).encode())
        h.update(repr(self.config).encode())
        mdir = models_dir()
        for meta in sorted(set(mdir.glob("*/*.json")) | set(mdir.glob("*/meta*"))):
            if meta.is_file() and meta.stat().st_size < 1_000_000:
                h.update(meta.read_bytes())
        return f"{__version__}+{h.hexdigest()[:10]}"

    # -- stage 2: spaCy over blocks -------------------------------------------------
    def _run_nlp(self, jobs: list[tuple[int, int, str]]) -> list[_BlockNLP]:
        """Run the spaCy pipeline over (offset, _, text) jobs; offsets made absolute."""
        out: list[_BlockNLP] = []
        from claimnlp.ner.consistency import make_docs

        texts = [t for _, _, t in jobs]
        abbrev = "abbreviation_detector" in self.nlp.pipe_names
        with warnings.catch_warnings():
            # scispaCy's abbreviation detector warns (W036) on every block without a definition
            warnings.filterwarnings("ignore", message=r".*\[W036\]")
            # make_docs keeps each block's text with its Doc: no component rebuilds it from the tokens
            docs = list(self.nlp.pipe(make_docs(self.nlp, texts), batch_size=self.config.batch_size,
                                      disable=["abbreviation_detector"] if abbrev else []))
            if abbrev:
                # Schwartz & Hearst definitions need a "(" ... ")" token pair: skip the matcher elsewhere
                detector = self.nlp.get_pipe("abbreviation_detector")
                docs = [detector(d) if "(" in t and ")" in t else d for t, d in zip(texts, docs)]
        for (off, _, _), sdoc in zip(jobs, docs):
            ents = [(off + e.start_char, off + e.end_char, e.label_) for e in sdoc.ents]
            abbrs = []
            for short in getattr(sdoc._, "abbreviations", []) if sdoc.has_extension("abbreviations") else []:
                long = short._.long_form
                if long is not None:
                    abbrs.append((off + short.start_char, off + short.end_char,
                                  off + long.start_char, off + long.end_char))
            out.append(_BlockNLP(ents, abbrs))
        return out

    # -- stage 3: entities ------------------------------------------------------------
    def _entities(self, doc: Document, blocks: Sequence[Block], nlp_out: Sequence[_BlockNLP],
                  block_ids: Sequence[int]) -> list[Mention]:
        text = doc.text
        found: list[Mention] = []
        for bi in block_ids:
            b = blocks[bi]
            found.extend(self.lexicon.find(text[b.start:b.end], offset=b.start))
        # abbreviations: the short form takes the long form's concept, everywhere in the document
        defs: dict[str, tuple[str, str | None, str | None]] = {}
        for res in nlp_out:
            for ss, se, ls, le in res.abbreviations:
                short, long = text[ss:se], text[ls:le]
                if short in defs:
                    continue
                concept = self.lexicon.normalize(short, None, long_form=long)
                if concept is None:
                    long_m = [m for m in found if m.start >= ls and m.end <= le and m.norm_id]
                    if long_m:
                        lm = max(long_m, key=lambda m: m.end - m.start)
                        defs[short] = (lm.label, lm.norm_id, lm.norm_name)
                    continue
                defs[short] = (concept.label, concept.id, concept.name)
        taken = _SpanIndex((m.start, m.end) for m in found)
        kept_blocks = _SpanIndex((blocks[i].start, blocks[i].end) for i in block_ids)
        for short, (label, nid, name) in defs.items():
            for m in re.finditer(r"(?<![\w-])" + re.escape(short) + r"(?![\w-])", text):
                span = m.span()
                if not kept_blocks.contains(span) or taken.overlaps(span):
                    continue
                found.append(Mention(label, span[0], span[1], short, nid, name, source="abbreviation"))
                taken.add(span)
        # statistical NER fills what the lexicon does not know
        for res in nlp_out:
            for s, e, lab in res.ents:
                ner_label = ENTITY_LABELS.get(lab)
                if ner_label is None or taken.overlaps((s, e)):
                    continue
                surface = text[s:e]
                concept = self.lexicon.normalize(surface, ner_label)
                if concept is not None and concept.label != ner_label:
                    continue
                if concept is None and not self.entity_rules.keep_unnormalized(ner_label, surface):
                    continue
                found.append(Mention(ner_label, s, e, surface, concept.id if concept else None,
                                     concept.name if concept else None, source="ner"))
                taken.add((s, e))
        # drug names by stem ("dupilumab") that neither the lexicon nor the NER knows
        for bi in block_ids:
            b = blocks[bi]
            for s, e in self.entity_rules.find_drug_names(text[b.start:b.end]):
                span = (b.start + s, b.start + e)
                if not taken.overlaps(span):
                    found.append(Mention(MentionLabel.INTERVENTION.value, span[0], span[1], text[span[0]:span[1]],
                                         None, text[span[0]:span[1]].lower(), source="rule"))
                    taken.add(span)
        found.sort(key=lambda m: (m.start, -m.end, m.label))
        return found

    # -- the whole document -----------------------------------------------------------
    def annotate(self, docs: Sequence[Document]) -> list[Any]:
        from claimnlp.pipeline.run import DocResult

        prepared: list[tuple[list[Block], list[int], Exception | None]] = []
        jobs: list[tuple[int, int, str]] = []
        job_owner: list[int] = []
        for di, doc in enumerate(docs):
            try:
                blocks = chunk_blocks(doc.text, doc.format)
                block_ids = [i for i, b in enumerate(blocks) if not b.is_boilerplate]
                for bi in block_ids:
                    b = blocks[bi]
                    jobs.append((b.start, bi, doc.text[b.start:b.end]))
                    job_owner.append(di)
                prepared.append((blocks, block_ids, None))
            except Exception as exc:  # noqa: BLE001
                prepared.append(([], [], exc))
        nlp_results = self._run_nlp(jobs) if jobs else []
        per_doc: list[list[_BlockNLP]] = [[] for _ in docs]
        for owner, res in zip(job_owner, nlp_results):
            per_doc[owner].append(res)
        out: list[Any] = []
        for di, doc in enumerate(docs):
            blocks, block_ids, err = prepared[di]
            if err is not None:
                out.append(err)
                continue
            try:
                out.append(self._document(doc, blocks, block_ids, per_doc[di], DocResult))
            except Exception as exc:  # noqa: BLE001 - one document never sinks the batch
                logger.exception("annotating %s failed", doc.source)
                out.append(exc)
        return out

    def _document(self, doc: Document, blocks: list[Block], block_ids: list[int],
                  nlp_out: list[_BlockNLP], DocResult: Any) -> Any:
        from claimnlp.certainty import certainty_of, find_cues
        from claimnlp.quantities import column_kind, parse_quantities

        text, pv = doc.text, self.pipeline_version
        units = claim_units(text, blocks)
        entities = self._entities(doc, blocks, nlp_out, block_ids)
        quantities: list[Mention] = []
        cues: list[Mention] = []
        infos: list[UnitInfo] = []
        header_kinds: dict[int, list[str | None]] = {}
        lead_certainty: dict[int, str] = {}
        unit_cues: dict[tuple[int, int], list[Mention]] = {}
        ei = 0
        for u in units:
            utext = text[u.start:u.end]
            b = blocks[u.block]
            while ei < len(entities) and entities[ei].end <= u.start:
                ei += 1
            u_ents = tuple(_within(entities, ei, u.start, u.end))
            if u.kind == UnitKind.TABLE_ROW.value and b.cells and b.header is not None and b.header != u.block:
                if b.header not in header_kinds:
                    hb = blocks[b.header]
                    header_kinds[b.header] = [column_kind(text[s:e]) for s, e in hb.cells]
                kinds = header_kinds[b.header]
                cells = [(s - u.start, e - u.start) for s, e in b.cells]
                qs = parse_quantities(utext, offset=u.start, column_kinds=kinds, cell_spans=cells)
            else:
                qs = parse_quantities(utext, offset=u.start)
            q_mentions = [Mention(MentionLabel.QUANTITY.value, q.start, q.end, q.text, source="rule", quantity=q)
                          for q in qs]
            u_cues = find_cues(utext, offset=u.start)
            unit_cues[(u.start, u.end)] = u_cues
            targets = [(m.start, m.end) for m in u_ents]
            cert = certainty_of(utext, u_cues, offset=u.start, targets=targets)
            if not u_cues and b.lead is not None and u.kind == UnitKind.LIST_ITEM.value:
                # "We may recommend it if you: - have X": an item without cues of its own
                # inherits the certainty of its lead-in's last sentence
                if b.lead not in lead_certainty:
                    lead_certainty[b.lead] = self._lead_certainty(text, blocks[b.lead])
                cert = lead_certainty[b.lead]
            quantities.extend(q_mentions)
            cues.extend(u_cues)
            infos.append(UnitInfo(u, u_ents, tuple(q.kind for q in qs), cert, None))
        drafts = assemble(text, blocks, infos, entities, rules=self.rules)
        strengths = self._strengths(text, drafts, unit_cues)
        claims: list[Row] = []
        first_claim_of_unit: dict[tuple[int, int], str] = {}
        for d in drafts:
            row = self._claim_row(doc, blocks, d, strengths.get((d.unit.start, d.unit.end)))
            claims.append(row)
            first_claim_of_unit.setdefault((d.unit.start, d.unit.end), row["claim_id"])
        unit_spans = sorted(first_claim_of_unit)
        counts: dict[str, int] = {}
        mentions: list[Row] = []
        for m in sorted(entities + quantities + cues, key=lambda m: (m.start, m.end, m.label)):
            cid = _claim_for(m, unit_spans, first_claim_of_unit)
            if cid is not None and m.label == MentionLabel.QUANTITY.value:
                counts[cid] = counts.get(cid, 0) + 1
            mentions.append(_mention_row(doc.doc_id, cid, m, pv))
        for row in claims:  # every pair row of a unit counts the unit's quantities
            row["n_quantities"] = counts.get(first_claim_of_unit[(row["start"], row["end"])], 0)
        drow = {"doc_id": doc.doc_id, "source": doc.source, "title": doc.title, "text": text,
                "format": doc.format, "sha256": sha256_text(text), "n_chars": len(text),
                "encoding": doc.encoding, "pipeline_version": pv}
        return DocResult(doc.doc_id, doc.source, drow, claims, mentions, [])

    @staticmethod
    def _lead_certainty(text: str, lead: Block) -> str:
        from claimnlp.certainty import certainty_of, find_cues

        sents = split_sentences(text, lead.content_start, lead.end) or [(lead.content_start, lead.end)]
        s, e = sents[-1]
        return str(certainty_of(text[s:e], find_cues(text[s:e], offset=s), offset=s))

    def _strengths(self, text: str, drafts: Sequence[ClaimDraft],
                   unit_cues: dict[tuple[int, int], list[Mention]]) -> dict[tuple[int, int], str]:
        if self.strength is None or not drafts:
            return {}
        spans = sorted({(d.unit.start, d.unit.end) for d in drafts})
        cue_lists = [unit_cues.get(sp, []) for sp in spans]
        preds = self.strength.predict([text[s:e] for s, e in spans], cues=cue_lists)
        return dict(zip(spans, preds))

    def _claim_row(self, doc: Document, blocks: Sequence[Block], d: ClaimDraft, strength: str | None) -> Row:
        u, iv, cd = d.unit, d.intervention, d.condition
        section = " > ".join(
            doc.text[blocks[h].content_start:blocks[h].end].strip() for h in blocks[u.block].section) or None
        row: Row = {
            "claim_id": stable_id(doc.doc_id, u.start, u.end, iv.key if iv else None, cd.key if cd else None),
            "doc_id": doc.doc_id, "start": u.start, "end": u.end, "text": doc.text[u.start:u.end],
            "unit_kind": u.kind, "section": section, "claim_type": d.claim_type, "certainty": d.certainty,
            "strength": strength, "outcome": d.outcome, "population": d.population, "comparator": d.comparator,
            "n_quantities": 0, "pipeline_version": self.pipeline_version,
        }
        for side, c in (("intervention", iv), ("condition", cd)):
            row[side] = c.text if c else None
            row[f"{side}_id"] = c.norm_id if c else None
            row[f"{side}_name"] = (c.norm_name or c.text) if c else None
            row[f"{side}_start"] = c.start if c else None
            row[f"{side}_end"] = c.end if c else None
            row[f"{side}_source"] = c.source if c else None
        assert row.keys() == _CLAIM_COLUMNS, _CLAIM_COLUMNS ^ set(row)
        return row


def _within(entities: Sequence[Mention], i: int, start: int, end: int) -> list[Mention]:
    """Mentions from index ``i`` on (sorted by start) that lie inside ``[start, end)``.

    Stops at the first mention starting at or after ``end`` instead of scanning the rest of the
    document (quadratic in long documents).
    """
    out: list[Mention] = []
    for k in range(i, len(entities)):
        m = entities[k]
        if m.start >= end:
            break
        if m.start >= start and m.end <= end:
            out.append(m)
    return out


def _claim_for(m: Mention, spans: Sequence[tuple[int, int]], first: dict[tuple[int, int], str]) -> str | None:
    import bisect

    i = bisect.bisect_right(spans, (m.start, float("inf"))) - 1
    if i >= 0:
        s, e = spans[i]
        if s <= m.start and m.end <= e:
            return first[(s, e)]
    return None


def _mention_row(doc_id: str, claim_id: str | None, m: Mention, pv: str) -> Row:
    q = m.quantity
    row: Row = {
        "mention_id": stable_id(doc_id, m.label, m.start, m.end), "doc_id": doc_id, "claim_id": claim_id,
        "label": m.label, "start": m.start, "end": m.end, "text": m.text,
        "norm_id": m.norm_id, "norm_name": m.norm_name,
        "value": q.value if q else None, "low": q.low if q else None, "high": q.high if q else None,
        "unit": q.unit if q else None, "kind": q.kind if q else None, "qualifier": q.qualifier if q else None,
        "source": m.source, "pipeline_version": pv,
    }
    assert len(row) == _N_MENTION_COLUMNS
    return row
