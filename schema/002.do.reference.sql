-- Reference data tables: departments, channels, team seat kinds and models, the
-- component class taxonomy and the case type taxonomy. The rows themselves are
-- data and arrive in 003.do.reference-data.sql.

create table departments (
  code    text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
  name_zh text not null,
  name_en text not null,
  kind    text not null check (kind in (
            'bureau',       -- a city or district government bureau
            'enforcement',  -- urban-management enforcement brigades
            'utility',      -- water, drainage, gas, power, telecom, heating companies
            'service',      -- sanitation, landscaping, lighting, municipal works units
            'police',       -- public security and traffic police
            'street',       -- street-office level bodies
            'community',    -- community-level bodies
            'company'       -- property managers and other private operators
          ))
);
comment on table departments is
  'Departments and units a case can be dispatched to, and that own or maintain components.';

create table channels (
  code    text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
  name_zh text not null,
  name_en text not null,
  kind    text not null check (kind in ('hotline', 'online', 'scan', 'patrol', 'device', 'whistle', 'supervision', 'referral')),
  sort    smallint not null
);
comment on table channels is
  'Intake channels a case can arrive through (12345 hotline, QR scan, patrol, AI camera, whistle, ...).';

create table seat_kinds (
  code       text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
  seat_group text not null check (seat_group in ('chief', 'coordinator', 'specialist', 'participant')),
  name_zh    text not null,
  name_en    text not null,
  sort       smallint not null
);
comment on table seat_kinds is
  'Kinds of seat in a grid team: the chief, coordinators, professional specialists and other participants.';

create table team_models (
  code        text primary key,
  name_zh     text not null,
  name_en     text not null,
  description text not null
);
comment on table team_models is
  'Grid team models (Loudi "1+3+5+N" by default); each lists its seats in team_model_seats.';

create table team_model_seats (
  model_code  text not null references team_models (code) on delete cascade,
  seat_kind   text not null references seat_kinds (code),
  min_holders smallint not null check (min_holders >= 0),
  max_holders smallint check (max_holders is null or max_holders >= greatest(min_holders, 1)),
  primary key (model_code, seat_kind)
);
comment on table team_model_seats is
  'Seats of a team model: how many holders each seat needs (min) and allows (max, null = any number).';

create table component_majors (
  code    char(2) primary key check (code ~ '^[0-9]{2}$'),
  name_zh text not null,
  name_en text not null
);
comment on table component_majors is
  'Major classes of city components (GB/T 30428.2 style two-digit codes).';

create table component_classes (
  code            char(4) primary key check (code ~ '^[0-9]{4}$'),
  major           char(2) not null references component_majors (code),
  name_zh         text not null,
  name_en         text not null,
  owner_dept      text not null references departments (code),
  maintainer_dept text not null references departments (code),
  seat_kind       text not null references seat_kinds (code),
  check (left(code, 2) = major)
);
comment on table component_classes is
  'Minor classes of city components: code = major (2) + minor (2), owner and maintainer, and the grid seat that watches them.';

create table case_types (
  code          text primary key check (code ~ '^([0-9]{2}){1,4}$'),
  parent_code   text references case_types (code),
  level         smallint not null check (level between 1 and 4),
  name_zh       text not null,
  name_en       text not null,
  -- Leaf attributes (level 4 only):
  default_route text check (default_route in ('self', 'dispatch', 'enforcement')),
  seat_kind     text references seat_kinds (code),
  department    text references departments (code),
  complexity    text check (complexity in ('simple', 'complex', 'complaint')),
  check (length(code) = 2 * level),
  check ((level = 1) = (parent_code is null)),
  check (parent_code is null or left(code, length(parent_code)) = parent_code),
  check ((level = 4) = (default_route is not null and seat_kind is not null
                        and department is not null and complexity is not null))
);
create index case_types_parent on case_types (parent_code);
comment on table case_types is
  'Four-level case type taxonomy (domain > category > subcategory > leaf type); leaves carry the default route, owning seat, department and complexity.';

-- The seat kinds and the default team model are part of the schema contract: code
-- refers to these codes (grid chief scopes, case routing to specialist seats).
insert into seat_kinds (code, seat_group, name_zh, name_en, sort) values
  ('chief',                 'chief',       '网格长',             'Grid chief',                           1),
  ('coord_district_bureau', 'coordinator', '区城管局班子成员',   'District bureau leadership member',    2),
  ('coord_street_office',   'coordinator', '街道班子成员',       'Street office leadership member',      3),
  ('coord_community_sec',   'coordinator', '社区书记',           'Community party secretary',            4),
  ('spec_enforcement',      'specialist',  '城管执法网格员',     'Enforcement grid member',              5),
  ('spec_landscaping',      'specialist',  '园林网格员',         'Landscaping grid member',              6),
  ('spec_sanitation',       'specialist',  '环卫网格员',         'Sanitation grid member',               7),
  ('spec_lighting',         'specialist',  '照明网格员',         'Street lighting grid member',          8),
  ('spec_street_mgmt',      'specialist',  '街道城管网格员',     'Street urban-management grid member',  9),
  ('participant',           'participant', '其他成员',           'Other participant',                   10);

insert into team_models (code, name_zh, name_en, description) values
  ('1+3+5+N', '“1+3+5+N”网格团队', '"1+3+5+N" grid team',
   'Loudi model: 1 grid chief, 3 coordinators (district bureau, street office, community secretary), 5 professional grid members (enforcement, landscaping, sanitation, lighting, street urban management) and any number of other participants.');

insert into team_model_seats (model_code, seat_kind, min_holders, max_holders) values
  ('1+3+5+N', 'chief',                 1, 1),
  ('1+3+5+N', 'coord_district_bureau', 1, 1),
  ('1+3+5+N', 'coord_street_office',   1, 1),
  ('1+3+5+N', 'coord_community_sec',   1, 1),
  ('1+3+5+N', 'spec_enforcement',      1, 1),
  ('1+3+5+N', 'spec_landscaping',      1, 1),
  ('1+3+5+N', 'spec_sanitation',       1, 1),
  ('1+3+5+N', 'spec_lighting',         1, 1),
  ('1+3+5+N', 'spec_street_mgmt',      1, 1),
  ('1+3+5+N', 'participant',           0, null);
