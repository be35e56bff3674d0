//! Where each node of a YAML document starts, so that later stages can point at a line.
//!
//! serde_yaml reports positions for the errors it finds itself but keeps none for the values it
//! produces. This index is built from the same text with a marked event parser and maps a node
//! path (`parameters[2].type`) to the position of that node.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::Position;

/// One step of a node path: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A path from the document root to a node, built by the stages that report problems.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct NodePath(Vec<Step>);

impl NodePath {
    pub fn root() -> Self {
        Self::default()
    }

    pub fn key(&self, key: &str) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.to_owned()));
        Self(steps)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Index(index));
        Self(steps)
    }

    fn parent(&self) -> Option<Self> {
        let (_, rest) = self.0.split_last()?;
        Some(Self(rest.to_vec()))
    }
}

/// Positions of the nodes of one document.
///
/// The index is built on the first lookup: only a file with a problem needs positions, and
/// indexing every file up front would parse each one twice on every run.
#[derive(Debug, Clone, Default)]
pub struct Locations {
    text: Arc<str>,
    nodes: OnceLock<HashMap<NodePath, Position>>,
}

impl Locations {
    /// The positions of the nodes of `text`, indexed when first needed. Text that is not valid
    /// YAML yields an empty index: serde_yaml reports the syntax error itself, with its
    /// position.
    pub fn index(text: &str) -> Self {
        Self {
            text: Arc::from(text),
            nodes: OnceLock::new(),
        }
    }

    fn nodes(&self) -> &HashMap<NodePath, Position> {
        self.nodes.get_or_init(|| {
            let mut builder = Builder::default();
            let mut parser = Parser::new_from_str(&self.text);
            match parser.load(&mut builder, false) {
                Ok(()) => builder.nodes,
                Err(_) => HashMap::new(),
            }
        })
    }

    /// The position of the node at `path`, or of its nearest ancestor that has one (a key that
    /// is missing from the file is reported at the mapping that should hold it).
    pub fn find(&self, path: &NodePath) -> Option<Position> {
        let mut current = Some(path.clone());
        while let Some(path) = current {
            if let Some(position) = self.nodes().get(&path) {
                return Some(*position);
            }
            current = path.parent();
        }
        None
    }
}

/// A container being walked, and where the next child goes.
enum Frame {
    Mapping {
        path: NodePath,
        pending_key: Option<String>,
    },
    Sequence {
        path: NodePath,
        next: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    nodes: HashMap<NodePath, Position>,
}

impl Builder {
    /// The path of the node that starts now, or `None` when the event is a mapping key.
    fn place_node(&mut self, key_text: Option<&str>) -> Option<NodePath> {
        match self.stack.last_mut() {
            None => Some(NodePath::root()),
            Some(Frame::Sequence { path, next }) => {
                let child = path.index(*next);
                *next += 1;
                Some(child)
            }
            Some(Frame::Mapping { path, pending_key }) => match pending_key.take() {
                Some(key) => Some(path.key(&key)),
                None => {
                    // This node is a key; a complex (non-scalar) key gets no name.
                    *pending_key = Some(key_text.unwrap_or_default().to_owned());
                    None
                }
            },
        }
    }

    fn record(&mut self, path: NodePath, mark: Marker) {
        let position = Position {
            line: mark.line(),
            column: mark.col() + 1,
        };
        self.nodes.entry(path).or_insert(position);
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, ..) => {
                if let Some(path) = self.place_node(Some(&text)) {
                    self.record(path, mark);
                }
            }
            Event::Alias(_) => {
                if let Some(path) = self.place_node(Some("")) {
                    self.record(path, mark);
                }
            }
            Event::MappingStart(..) => {
                let path = self.place_node(None).unwrap_or_default();
                self.record(path.clone(), mark);
                self.stack.push(Frame::Mapping {
                    path,
                    pending_key: None,
                });
            }
            Event::SequenceStart(..) => {
                let path = self.place_node(None).unwrap_or_default();
                self.record(path.clone(), mark);
                self.stack.push(Frame::Sequence { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_nodes_and_falls_back_to_ancestors() {
        let text = "operation: X\nparameters:\n  - name: a\n    type: string\n  - name: b\n    type: intger\n";
        let locations = Locations::index(text);
        let second_type = NodePath::root().key("parameters").index(1).key("type");
        assert_eq!(
            locations.find(&second_type),
            Some(Position {
                line: 6,
                column: 11
            })
        );
        let missing = NodePath::root().key("parameters").index(0).key("required");
        assert_eq!(locations.find(&missing).map(|p| p.line), Some(3));
        assert_eq!(
            locations
                .find(&NodePath::root().key("operation"))
                .map(|p| p.line),
            Some(1)
        );
    }

    #[test]
    fn invalid_yaml_gives_an_empty_index() {
        let locations = Locations::index("a: [unclosed");
        assert_eq!(locations.find(&NodePath::root().key("a")), None);
    }
}
