"""The chat doors: a channel-agnostic conversation engine and its adapters.

``bot.engine`` knows nothing of Telegram; ``bot.telegram`` and ``bot.console``
turn their channel's messages into ``ChatEvent``s and the engine's ``Reply``s
back into messages. ``bot.state`` keeps each chat's state in the
``conversations`` table so a restarted process continues where it stopped.
"""
