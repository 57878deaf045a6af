"""Local and server LLM backends, prompts, output schemas and the model registry."""
