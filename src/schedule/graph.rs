//! A directed graph (node -> the nodes it depends on) -> its strongly
//! connected components in dependency order, and one cycle per cyclic
//! component.
//!
//! Iterative Tarjan, O(nodes + edges), no recursion: plans may chain ten
//! thousand tasks. Used for when-rules (each date depends on its anchor) and
//! for `after` links.

use std::collections::{HashMap, HashSet, VecDeque};

const UNSEEN: usize = usize::MAX;

/// The components of the graph with `n` nodes and edges `succ(v)`, each
/// listed after every component it depends on. Edges to nodes `>= n` are
/// ignored.
pub fn components<I>(n: usize, succ: impl Fn(usize) -> I) -> Vec<Vec<usize>>
where
    I: IntoIterator<Item = usize>,
{
    let mut t = Tarjan {
        index: vec![UNSEEN; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        calls: Vec::new(),
        counter: 0,
    };
    let mut out = Vec::new();
    for root in 0..n {
        if t.index[root] != UNSEEN {
            continue;
        }
        t.enter(root, succ(root).into_iter());
        while let Some((v, edges)) = t.calls.last_mut() {
            let (v, next) = (*v, edges.next());
            match next {
                Some(w) if w >= n => {}
                Some(w) if t.index[w] == UNSEEN => t.enter(w, succ(w).into_iter()),
                Some(w) => {
                    if t.on_stack[w] {
                        t.low[v] = t.low[v].min(t.index[w]);
                    }
                }
                None => {
                    t.calls.pop();
                    if let Some((u, _)) = t.calls.last() {
                        t.low[*u] = t.low[*u].min(t.low[v]);
                    }
                    if t.low[v] == t.index[v] {
                        out.push(t.pop_component(v));
                    }
                }
            }
        }
    }
    out
}

struct Tarjan<It> {
    index: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    /// The explicit call stack: a node and its edges not yet followed.
    calls: Vec<(usize, It)>,
    counter: usize,
}

impl<It> Tarjan<It> {
    fn enter(&mut self, v: usize, edges: It) {
        self.index[v] = self.counter;
        self.low[v] = self.counter;
        self.counter += 1;
        self.on_stack[v] = true;
        self.stack.push(v);
        self.calls.push((v, edges));
    }

    fn pop_component(&mut self, root: usize) -> Vec<usize> {
        let mut comp = Vec::new();
        while let Some(w) = self.stack.pop() {
            self.on_stack[w] = false;
            comp.push(w);
            if w == root {
                break;
            }
        }
        comp.sort_unstable();
        comp
    }
}

/// The cycle through a cyclic component, starting at its smallest node:
/// `[a, b, c]` means a -> b -> c -> a. `None` for an acyclic one (a single
/// node without a self-edge).
pub fn cycle<I>(comp: &[usize], succ: impl Fn(usize) -> I) -> Option<Vec<usize>>
where
    I: IntoIterator<Item = usize>,
{
    let start = *comp.iter().min()?;
    if comp.len() == 1 {
        return succ(start)
            .into_iter()
            .any(|w| w == start)
            .then(|| vec![start]);
    }
    // Shortest way back to `start` inside the component.
    let members: HashSet<usize> = comp.iter().copied().collect();
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for w in succ(v) {
            if w == start {
                let mut path = vec![v];
                let mut cur = v;
                while let Some(&p) = parent.get(&cur) {
                    path.push(p);
                    cur = p;
                }
                path.reverse();
                return Some(path);
            }
            if members.contains(&w) && !parent.contains_key(&w) {
                parent.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[Vec<usize>]) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
        let succ = |v: usize| edges[v].iter().copied();
        let comps = components(edges.len(), succ);
        let cycles = comps.iter().filter_map(|c| cycle(c, succ)).collect();
        (comps, cycles)
    }

    #[test]
    fn orders_dependencies_first() {
        // 0 depends on 1, 1 on 2; 3 on 0.
        let (comps, cycles) = graph(&[vec![1], vec![2], vec![], vec![0]]);
        assert_eq!(comps, vec![vec![2], vec![1], vec![0], vec![3]]);
        assert!(cycles.is_empty());
    }

    #[test]
    fn finds_each_cycle_once() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0 (feeds into a cycle), 5 -> 6 -> 5.
        let (_, cycles) = graph(&[
            vec![1],
            vec![2],
            vec![0],
            vec![3],
            vec![0],
            vec![6],
            vec![5],
        ]);
        assert_eq!(cycles, vec![vec![0, 1, 2], vec![3], vec![5, 6]]);
    }

    #[test]
    fn cycle_in_a_dense_component_is_a_real_cycle() {
        let edges = vec![vec![1, 2], vec![2, 0], vec![0, 1]];
        let (_, cycles) = graph(&edges);
        assert_eq!(cycles.len(), 1);
        let c = &cycles[0];
        for (i, &v) in c.iter().enumerate() {
            let next = c[(i + 1) % c.len()];
            assert!(edges[v].contains(&next), "{c:?}");
        }
    }

    #[test]
    fn long_chains_do_not_recurse() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![] })
            .collect();
        let (comps, cycles) = graph(&edges);
        assert_eq!(comps.len(), n);
        assert_eq!(comps[0], vec![n - 1]);
        assert!(cycles.is_empty());
        let mut ring = edges;
        ring[n - 1] = vec![0];
        let (comps, cycles) = graph(&ring);
        assert_eq!(comps.len(), 1);
        assert_eq!(cycles[0].len(), n);
    }

    #[test]
    fn ignores_edges_out_of_range() {
        let (comps, cycles) = graph(&[vec![7]]);
        assert_eq!(comps, vec![vec![0]]);
        assert!(cycles.is_empty());
    }
}
