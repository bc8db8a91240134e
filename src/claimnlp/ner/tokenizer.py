"""A finer tokenizer for biomedical NER: spaCy's English rules plus extra splits.

Exact-span NER (the BC5CDR convention) needs every gold mention to start and end
on a token boundary. spaCy's English rules leave chemical names glued to
brackets, charges and hyphenated modifiers (``K)-ATPase``, ``[3H]spiperone``,
``thallium-201``, ``Na+/K+``, ``digitalis-``). scispaCy's
``combined_rule_tokenizer`` (Neumann et al. 2019) goes the other way and keeps
hyphenated words whole, which misaligns ~10% of BC5CDR mentions
(``haloperidol-induced``). This module adds a few infix and suffix rules to the
English defaults so that ~0.3% of gold mentions are misaligned, at the same speed.

The rules are stored in the tokenizer's serialized files, so a saved pipeline
loads with ``spacy.load`` and spaCy's default ``spacy.Tokenizer.v1`` factory; no
registration is needed at load time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from spacy.util import registry
from spacy.lang.char_classes import ALPHA, ALPHA_UPPER
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

logger = logging.getLogger(__name__)

#: Extra infixes (regex strings) added to the English defaults.
EXTRA_INFIXES: tuple[str, ...] = (
    r"[\[\]]",  # [3H]spiperone, Ca]o
    r"(?<=\S)\)(?=\S)",  # K)-ATPase, BHA)-induced
    r"(?<=[{a}0-9])\((?=\S)".format(a=ALPHA),  # GABA(A, Ca(2+
    r"(?<=\S)\+(?=\S)",  # Na+/K+, GSPE+drug
    r"(?<=\S)/(?=\S)",  # aceto-acetate/3-hydroxybutyrate
    r"(?<=[{a}])-(?=[0-9])".format(a=ALPHA),  # thallium-201, dopamine-1
    r"(?<=[0-9])-(?=[{a}])".format(a=ALPHA),  # (E)-2,4-diene-VPA (digit then letter)
    r"(?<=[{a}\)])-(?=[{a}])".format(a=ALPHA),  # haloperidol-induced (split, model re-joins)
)

#: Extra suffixes added to the English defaults.
EXTRA_SUFFIXES: tuple[str, ...] = (
    r"(?<=[{a}0-9])-".format(a=ALPHA),  # "digitalis- and ..." dangling hyphen
    r"(?<=[ \-]{u})\.".format(u=f"[{ALPHA_UPPER}]"),  # "hepatitis C." end of sentence
    r"(?<=[{a}])\+".format(a=ALPHA),  # Na+
)


def build_tokenizer(nlp: Language) -> Tokenizer:
    """Return a tokenizer with the English defaults plus :data:`EXTRA_INFIXES`.

    Parameters
    ----------
    nlp
        Any English ``Language``; its vocab, exceptions and prefixes are reused.
    """
    defaults = nlp.Defaults
    infixes = list(defaults.infixes or ()) + list(EXTRA_INFIXES)
    suffixes = list(EXTRA_SUFFIXES) + list(defaults.suffixes or ())
    return Tokenizer(
        nlp.vocab,
        rules=dict(defaults.tokenizer_exceptions),
        prefix_search=compile_prefix_regex(defaults.prefixes or ()).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )


@registry.tokenizers("claimnlp.ner_tokenizer.v1")  # type: ignore[untyped-decorator]
def create_ner_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered as ``claimnlp.ner_tokenizer.v1`` (training configs only).

    A saved pipeline stores the rules in its ``tokenizer`` file; the training
    script rewrites the saved config to ``spacy.Tokenizer.v1`` so loading needs
    no registration.
    """
    return build_tokenizer
