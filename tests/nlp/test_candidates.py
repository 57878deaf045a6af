from workbench.nlp.candidates import CandidateFinder
from workbench.nlp.rules import RuleSet
from workbench.nlp.tokenize import Tokenizer
from workbench.taxonomy.model import Node, Taxonomy


def _big_taxonomy() -> Taxonomy:
    """3 levels, 20 × 10 × 10 = 2000 leaves; one meaningful branch among numbered fillers."""
    nodes: list[Node] = []
    for i in range(20):
        nodes.append(Node(f"a{i}", None, f"领域{i}", f"领域{i}", 1))
        for j in range(10):
            nodes.append(Node(f"a{i}b{j}", f"a{i}", f"领域{i}/方面{j}", f"方面{j}", 2))
            for k in range(10):
                name = f"问题{i}_{j}_{k}"
                nodes.append(Node(f"a{i}b{j}c{k}", f"a{i}b{j}", f"领域{i}/方面{j}/{name}", name, 3))
    nodes.append(Node("x", None, "物流", "物流", 1))
    nodes.append(Node("x1", "x", "物流/配送", "配送", 2))
    nodes.append(Node("x11", "x1", "物流/配送/配送时效", "配送时效", 3, description="送达太慢、超时、等待时间长",
                      keywords=("超时", "慢")))
    nodes.append(Node("x12", "x1", "物流/配送/骑手态度", "骑手态度", 3, keywords=("骑手",)))
    return Taxonomy(nodes)


def test_long_taxonomy_is_narrowed_to_a_few_real_leaves() -> None:
    tax = _big_taxonomy()
    assert len(tax.leaves()) > 2000
    rules = RuleSet(tax)
    finder = CandidateFinder(tax, rules, Tokenizer([n.name for n in tax.nodes]))
    top = finder.top("骑手送得太慢了，配送超时一个小时", k=12)
    assert 1 <= len(top) <= 12
    assert top[0].node.key == "x11"
    assert {c.node.key for c in top} >= {"x11", "x12"}
    leaves = {n.key for n in tax.leaves()}
    assert all(c.node.key in leaves for c in top)


def test_no_signal_gives_no_candidates() -> None:
    tax = _big_taxonomy()
    finder = CandidateFinder(tax, RuleSet(tax), Tokenizer())
    assert finder.top("今天天气晴朗", k=12) == []
