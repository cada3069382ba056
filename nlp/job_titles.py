"""The prospect's job title: "soy el director comercial", "I'm the head of marketing", "trabajo como ...".

A phrase is only a title when one of its first words is a known title head
("director", "manager", "responsable"...), so "soy de Madrid" is not one.
"""

from __future__ import annotations

from nlp.candidates import Block, Candidate
from nlp.cues import JOB_CUES
from nlp.lexicon import JOB_TITLE_HEADS, LEGAL_FORMS, NON_NAME_WORDS, STOP_WORDS
from nlp.tokens import Token, word_list

MAX_TITLE_WORDS = 5
_ARTICLES = {"el", "la", "un", "una", "the", "a", "an", "our", "nuestro", "nuestra"}
_CONNECTORS = {"de", "of", "y", "and", "&"}
DEPARTMENTS = frozenset(
    word_list(
        "marketing ventas compras sales operations operaciones finance finanzas finanzas recursos humanos hr "
        "rrhh it ti sistemas tecnologia technology logistica logistics produccion production calidad quality "
        "administracion administration proyectos projects ingenieria engineering mantenimiento maintenance "
        "personal people product producto desarrollo development negocio business comunicacion "
        "communications clientes customer customers atencion soporte support legal innovacion innovation "
        "obra obras tienda store planta plant almacen warehouse seguridad security datos data "
        "exportacion export zona area region"
    )
)


_NOT_IN_TITLES = (NON_NAME_WORDS | STOP_WORDS) - JOB_TITLE_HEADS - (DEPARTMENTS - {"it", "ti"})


def find_job_titles(block: Block) -> list[Candidate]:
    tokens = block.words.tokens
    found = []
    starts = [after for _, after in block.words.cue_ends(JOB_CUES)]
    starts += [
        index + 1
        for index, token in enumerate(tokens)
        if token.text == "," and index + 1 < len(tokens) and tokens[index + 1].folded in JOB_TITLE_HEADS
    ]
    for after in starts:
        span = title_span(tokens, after)
        if span:
            words = tokens[span[0] : span[1] + 1]
            value = " ".join(token.text for token in words)
            found.append(Candidate("job_title", value, words[0].start, words[-1].end, 0.75))
    return found


def title_span(tokens: list[Token], index: int) -> tuple[int, int] | None:
    while index < len(tokens) and tokens[index].folded in _ARTICLES:
        index += 1
    last, position = None, index
    while position < len(tokens) and position - index < MAX_TITLE_WORDS:
        token = tokens[position]
        word = token.folded
        if word in _CONNECTORS and last is not None:
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            if following is None or following.folded not in DEPARTMENTS:
                break
            position += 1
            continue
        following = tokens[position + 1].folded if position + 1 < len(tokens) else ""
        department_before_head = word in DEPARTMENTS and following in JOB_TITLE_HEADS
        excluded = word in _NOT_IN_TITLES and not department_before_head
        if not token.is_word or word in LEGAL_FORMS or excluded:
            break
        last, position = position, position + 1
    if last is None:
        return None
    heads = [t.folded for t in tokens[index : min(last + 1, index + 3)]]
    return (index, last) if any(word in JOB_TITLE_HEADS for word in heads) else None
