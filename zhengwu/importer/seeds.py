"""The seed notices' folder is shared plumbing (zhengwu.core.seeds): capability demos read it too."""
from zhengwu.core.seeds import seed_files, seeds_dir

__all__ = ["seed_files", "seeds_dir"]
