-- Which components exist, for set-based validation of incident commands. Written in the same transaction
-- as the component events by a subscribing processor.
CREATE TABLE component_catalog (
    component_id VARCHAR(64) NOT NULL,
    retired      BOOLEAN     NOT NULL,
    CONSTRAINT pk_component_catalog PRIMARY KEY (component_id)
);
