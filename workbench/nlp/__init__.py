"""jieba tokenising, keywords and new words, rules, the student classifier. Pure: never touches the store."""
