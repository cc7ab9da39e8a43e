"""A small content tree with one page of every kind, for browser tests before content/ loads."""

from tests.conftest import ContentTree

URGENT = "!!! emergency"


def paragraphs(*blocks):
    return "\n\n".join(blocks)


def write_small_site(root):
    """Write a small but complete site into root: every section, questions, a glossary."""
    tree = ContentTree(root)
    tree.page(
        "tumors",
        "intramedullary-tumors",
        title="Intramedullary tumors",
        summary="Tumors that grow inside the spinal cord itself. Most are not cancer.",
        aliases=["intermedullary tumor"],
        related=["weakness", "mri", "surgery", "what-is-a-spinal-tumor"],
        questions=[
            "Is my tumor growing, and how will we know?",
            "What are the risks of surgery for my tumor?",
            "Will I need more scans after treatment?",
        ],
        body=paragraphs(
            "These tumors grow inside the cord. The dura wraps the cord. See [[mri]] "
            "for how they are found, or [[surgery|what surgery involves]].",
            "## What they are",
            "Most grow slowly. Some are found by chance.",
            URGENT,
            "## How they are treated",
            "| Choice | When |\n| --- | --- |\n| Watching | Small tumors that do not grow |"
            "\n| Surgery | Tumors that press on the cord |",
        ),
    )
    tree.page(
        "tumors",
        "intradural-extramedullary-tumors",
        title="Intradural-extramedullary tumors",
        summary="Tumors inside the dura but outside the cord.",
        related=["intramedullary-tumors"],
        body="They grow inside the dura, next to the cord.",
    )
    tree.page(
        "tumors",
        "extradural-tumors",
        title="Extradural tumors",
        summary="Tumors outside the dura, most often in the bone.",
        body="They grow in the bone. See [[weakness]].",
    )
    tree.page(
        "symptoms",
        "weakness",
        title="Weakness",
        summary="Legs or arms that feel weak or heavy.",
        related=["intramedullary-tumors", "urgent-help"],
        body=paragraphs(
            "Your legs may feel weak. See [[intramedullary-tumors]].",
            "## When it is an emergency",
            URGENT,
        ),
    )
    tree.page(
        "diagnosis",
        "mri",
        title="MRI",
        summary="A scan that uses magnets to show the spinal cord.",
        body="An MRI shows the dura and the cord.",
    )
    tree.page(
        "treatments",
        "surgery",
        title="Surgery",
        summary="An operation to take out or shrink a tumor.",
        body="An operation. See [[mri]].",
    )
    tree.page(
        "guides",
        "urgent-help",
        title="When to get urgent help",
        summary="Signs that mean you should go to the emergency room now.",
        body=URGENT,
    )
    tree.page(
        "guides",
        "what-is-a-spinal-tumor",
        title="What is a spinal tumor?",
        summary="A growth of cells in or near the spine.",
        body="A tumor is a lump of cells. Read about the [[intramedullary-tumors]].",
    )
    tree.term(
        "dura",
        "Dura",
        "The tough outer layer around the spinal cord.",
        aliases=["dura mater"],
    )
    tree.term(
        "mri-term", "Magnetic resonance", "A way of making pictures with magnets."
    )
    return tree
