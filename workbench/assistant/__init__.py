"""The offline analyst's assistant: "ask your data" and summaries, every figure and quote verified.

The model never writes SQL: questions become plans over typed, safe operations (count, compare, trend,
breakdowns, TOP, search); the numbers come from those operations, and the model's wording is checked
against them before it is shown.
"""
