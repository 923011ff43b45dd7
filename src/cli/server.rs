//! `dangjian server`: a shared PostgreSQL server's schema and grants (SPEC §11).

use clap::{Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Create or upgrade the schema and the access rules on the --database server
    Init,
    /// Let a PostgreSQL user read or write an organization
    Grant {
        /// The PostgreSQL user (role) name
        #[arg(long, value_name = "NAME")]
        user: String,
        #[arg(long, value_name = "ID")]
        org: String,
        /// secretary: reads and writes the org; organizer: the org and every org below
        /// it; viewer: reads them
        #[arg(long, value_enum)]
        role: Role,
    },
    /// Take back what a user was granted on an organization
    Revoke {
        /// The PostgreSQL user (role) name
        #[arg(long, value_name = "NAME")]
        user: String,
        #[arg(long, value_name = "ID")]
        org: String,
    },
}

/// What a user may do on a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Role {
    Secretary,
    Organizer,
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Secretary => "secretary",
            Role::Organizer => "organizer",
            Role::Viewer => "viewer",
        }
    }
}
