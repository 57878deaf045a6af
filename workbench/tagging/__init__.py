"""The tagging run: rules, then the LLM within a budget; evidence verification; resumable runs."""
