/**
 * Live editing of the YAML routes: hot reload of the cameras declared as templated routes, which Camel's own
 * route reloading does not re-create (it reloads plain routes and route templates only).
 */
package dev.edgevideo.routes;
